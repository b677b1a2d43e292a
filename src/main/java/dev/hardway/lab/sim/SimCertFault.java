package dev.hardway.lab.sim;

import dev.hardway.lab.sim.SimModel.FileEntry;
import java.util.Optional;

/**
 * The {@code cert} fault in the simulated lab, kept in the files as on a real master: the original kube-apiserver
 * certificate's entry moves to {@code <path>.hardway-orig} and the path gets an entry whose origin says which SAN
 * the re-issued certificate lacks ({@link #ORIGIN_PREFIX}{@code <vip>}). The certificate probe derives the SANs from
 * that origin, so {@code inspect certs} shows the missing VIP; heal moves the original entry back.
 */
public final class SimCertFault {

    /** Origin of a re-issued certificate entry; the dropped address follows. */
    public static final String ORIGIN_PREFIX = "break --mode cert: without IP:";

    private SimCertFault() {
    }

    /** The address a re-issued certificate at this entry lacks, or null for a certificate as the lessons made it. */
    public static String droppedSan(Optional<FileEntry> e) {
        return e.map(FileEntry::origin).filter(o -> o != null && o.startsWith(ORIGIN_PREFIX))
                .map(o -> o.substring(ORIGIN_PREFIX.length())).orElse(null);
    }

    /** Re-issues {@code path} without {@code vip}; false when there is no certificate there. */
    static boolean reissue(SimModel m, String node, String path, String aside, String vip) {
        Optional<FileEntry> cur = m.file(node, path);
        if (cur.isEmpty()) {
            return false;
        }
        if (m.file(node, aside).isEmpty()) {
            m.putFile(node, aside, cur.get());
        }
        FileEntry e = cur.get();
        String sha = sha256(path + vip);
        m.putFile(node, path, new FileEntry(sha, e.size(), e.mode(), e.owner(), ORIGIN_PREFIX + vip));
        return true;
    }

    /** Moves the original back; false when it was not kept. */
    static boolean restore(SimModel m, String node, String path, String aside) {
        Optional<FileEntry> orig = m.file(node, aside);
        if (orig.isEmpty()) {
            return false;
        }
        m.putFile(node, path, orig.get());
        m.removeFile(node, aside);
        return true;
    }

    private static String sha256(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
