package dev.hardway.workshop;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Workshop secrets: 256 random bits from {@link SecureRandom}, compared in constant time. */
public final class Tokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    /** A new token: 32 random bytes, URL-safe base64 without padding (43 characters). */
    public static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A short random id (learner ids: 64 bits, not a secret). */
    public static String id() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b).replace('-', 'x').replace('_', 'y');
    }

    /** SHA-256 of a token (what the server stores for learner tokens). */
    public static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    /**
     * True when {@code given} is {@code expected}, in time that does not depend on where they differ: both are
     * hashed first, so even their lengths are not compared directly ({@link MessageDigest#isEqual}).
     */
    public static boolean same(String given, String expected) {
        if (given == null || expected == null) {
            return false;
        }
        return MessageDigest.isEqual(hash(given), hash(expected));
    }

    /** {@link #same} against a stored hash. */
    public static boolean matches(String given, byte[] expectedHash) {
        return given != null && expectedHash != null && MessageDigest.isEqual(hash(given), expectedHash);
    }
}
