package dev.hardway.lab.inspect;

import dev.hardway.Problem;
import java.time.Instant;
import java.util.List;

/**
 * {@code inspect certs [<node>]}: every certificate the lessons put on the nodes (/root/pki on the jumpbox,
 * /etc/etcd on masters, /var/lib/kubernetes, /var/lib/kubelet), read with {@code openssl x509}, with the classic
 * mistakes flagged.
 */
public record CertReport(boolean simulated, List<Cert> certs, List<Problem> problems, List<String> commands)
        implements Report {

    public enum Severity { ERROR, WARNING }

    /** One flagged mistake: "etcd server certificate without clientAuth: peers reject it", with its fix. */
    public record Finding(Severity severity, Problem problem) {
    }

    /**
     * @param subject     as openssl prints it ("CN = master1, O = etcd")
     * @param commonName  the CN, or null
     * @param sans        "IP:10.240.0.11", "DNS:master1" (empty: no subjectAltName extension)
     * @param keyUsage    "Digital Signature", "Key Encipherment", "Certificate Sign"...
     * @param extKeyUsage "serverAuth", "clientAuth" (openssl's long names mapped to the short ones)
     * @param ca          basicConstraints CA:TRUE
     * @param notAfter    expiry (null when unknown: the simulated lab does not model dates)
     * @param findings    the mistakes found, worst first
     */
    public record Cert(String node, String path, String subject, String issuer, String commonName, List<String> sans,
                       List<String> keyUsage, List<String> extKeyUsage, boolean ca, Instant notAfter,
                       List<Finding> findings) {
        public Cert {
            sans = List.copyOf(sans);
            keyUsage = List.copyOf(keyUsage);
            extKeyUsage = List.copyOf(extKeyUsage);
            findings = List.copyOf(findings);
        }

        public boolean ok() {
            return findings.stream().noneMatch(f -> f.severity() == Severity.ERROR);
        }

        public Cert withFindings(List<Finding> f) {
            return new Cert(node, path, subject, issuer, commonName, sans, keyUsage, extKeyUsage, ca, notAfter, f);
        }
    }

    public CertReport {
        certs = List.copyOf(certs);
        problems = List.copyOf(problems);
        commands = List.copyOf(commands);
    }

    public long errorCount() {
        return certs.stream().mapToLong(c -> c.findings().stream().filter(f -> f.severity() == Severity.ERROR)
                .count()).sum();
    }
}
