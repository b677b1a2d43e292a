package dev.hardway.lab.inspect;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses what {@link #command} prints for one certificate (OpenSSL 1.1.1 and 3.x):
 * <pre>
 * subject=CN = master1, O = etcd
 * issuer=CN = hardway-ca, O = hardway
 * X509v3 Subject Alternative Name:
 *     IP Address:10.240.0.11, IP Address:127.0.0.1, DNS:master1
 * X509v3 Key Usage: critical
 *     Digital Signature, Key Encipherment
 * X509v3 Extended Key Usage:
 *     TLS Web Server Authentication, TLS Web Client Authentication
 * notAfter=Nov 24 05:59:40 2027 GMT
 * </pre>
 */
public final class CertParser {

    /** Where each file's block starts in the listing script's output. */
    public static final String MARK = "@@hardway-cert ";

    private static final Pattern CN = Pattern.compile("(?:^|[,/]\\s*)CN\\s*=\\s*([^,/]+)");
    private static final DateTimeFormatter NOT_AFTER =
            DateTimeFormatter.ofPattern("MMM d HH:mm:ss yyyy z", Locale.ENGLISH);
    private static final Map<String, String> EKU = Map.of(
            "TLS Web Server Authentication", "serverAuth",
            "TLS Web Client Authentication", "clientAuth",
            "Code Signing", "codeSigning",
            "E-mail Protection", "emailProtection",
            "OCSP Signing", "OCSPSigning",
            "Time Stamping", "timeStamping");

    private CertParser() {
    }

    /** The openssl command for one file, as the learner would type it. */
    public static String command(String path) {
        return "openssl x509 -in " + path + " -noout -subject -issuer"
                + " -ext subjectAltName,keyUsage,extendedKeyUsage,basicConstraints -enddate";
    }

    /**
     * A script that prints every certificate under the lessons' directories (files that contain a PEM
     * certificate; keys are skipped), each block starting with {@link #MARK} and the path.
     */
    public static String listingScript(List<String> globs) {
        return "for f in " + String.join(" ", globs) + "; do\n"
                + "  [ -f \"$f\" ] || continue\n"
                + "  grep -q 'BEGIN CERTIFICATE' \"$f\" 2>/dev/null || continue\n"
                + "  echo \"" + MARK + "$f\"\n"
                + "  " + command("\"$f\"") + " 2>&1\n"
                + "done\n";
    }

    /** One certificate as read, before the rules look at it. */
    public record Parsed(String path, String subject, String issuer, String commonName, List<String> sans,
                         List<String> keyUsage, List<String> extKeyUsage, boolean ca, Instant notAfter, String error) {
    }

    /** Splits the listing script's output into one parsed certificate per file. */
    public static List<Parsed> parseListing(String stdout) {
        List<Parsed> out = new ArrayList<>();
        String path = null;
        StringBuilder block = new StringBuilder();
        for (String line : (stdout == null ? "" : stdout).split("\n")) {
            if (line.startsWith(MARK)) {
                if (path != null) {
                    out.add(parse(path, block.toString()));
                }
                path = line.substring(MARK.length()).trim();
                block.setLength(0);
            } else if (path != null) {
                block.append(line).append('\n');
            }
        }
        if (path != null) {
            out.add(parse(path, block.toString()));
        }
        return out;
    }

    /** Parses one certificate's block. */
    public static Parsed parse(String path, String text) {
        String subject = null;
        String issuer = null;
        Instant notAfter = null;
        List<String> sans = new ArrayList<>();
        List<String> ku = new ArrayList<>();
        List<String> eku = new ArrayList<>();
        boolean ca = false;
        String error = null;
        String ext = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (raw.startsWith("subject=")) {
                subject = raw.substring("subject=".length()).strip();
                ext = null;
            } else if (raw.startsWith("issuer=")) {
                issuer = raw.substring("issuer=".length()).strip();
                ext = null;
            } else if (raw.startsWith("notAfter=")) {
                notAfter = date(raw.substring("notAfter=".length()).strip());
                ext = null;
            } else if (line.startsWith("X509v3 ")) {
                ext = line.replaceFirst(":.*$", "");
            } else if (Character.isWhitespace(raw.charAt(0)) && ext != null) {
                List<String> items = List.of(line.split(",\\s*"));
                switch (ext) {
                    case "X509v3 Subject Alternative Name" -> items.forEach(i -> sans.add(
                            i.startsWith("IP Address:") ? "IP:" + i.substring("IP Address:".length()) : i));
                    case "X509v3 Key Usage" -> ku.addAll(items);
                    case "X509v3 Extended Key Usage" -> items.forEach(i -> eku.add(EKU.getOrDefault(i, i)));
                    case "X509v3 Basic Constraints" -> ca |= items.contains("CA:TRUE");
                    default -> {
                    }
                }
            } else if (line.startsWith("Could not read") || line.startsWith("Unable to load")
                    || line.contains(":error:")) {
                error = error == null ? line : error;
            }
        }
        if (subject == null && error == null) {
            error = "openssl printed no subject";
        }
        return new Parsed(path, subject, issuer, commonName(subject), sans, ku, eku, ca, notAfter, error);
    }

    public static String commonName(String subject) {
        if (subject == null) {
            return null;
        }
        Matcher m = CN.matcher(subject);
        return m.find() ? m.group(1).strip() : null;
    }

    static Instant date(String s) {
        try {
            // "Nov  4 05:59:40 2027 GMT": openssl pads the day with a space
            return ZonedDateTime.parse(s.replaceAll("\\s+", " "), NOT_AFTER).withZoneSameInstant(ZoneOffset.UTC)
                    .toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
