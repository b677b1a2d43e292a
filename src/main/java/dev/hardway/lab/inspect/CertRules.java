package dev.hardway.lab.inspect;

import dev.hardway.Problem;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.inspect.CertReport.Cert;
import dev.hardway.lab.inspect.CertReport.Finding;
import dev.hardway.lab.inspect.CertReport.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The classic certificate mistakes of the hard way, decided from what openssl printed and the cluster config:
 * an etcd server certificate without serverAuth+clientAuth (peers and clients reject it), a server certificate
 * whose SANs miss the VIP or the node's IP (TLS through haproxy, or to that member, fails), CN-only server
 * certificates (Go ignores the CN since 1.15), expired and soon-expiring certificates.
 */
public final class CertRules {

    /** A certificate expiring sooner than this is flagged. */
    public static final Duration EXPIRING = Duration.ofDays(30);

    /** What a certificate is for, from where the lessons put it. */
    public enum Kind { CA, ETCD_SERVER, APISERVER, KUBELET, CLIENT }

    /** The directories the lessons put certificates in (docs/lesson-format.md). */
    public static final List<String> GLOBS = List.of("/root/pki/*.pem", "/etc/etcd/*.pem",
            "/var/lib/kubernetes/*.pem", "/var/lib/kubelet/*.pem");

    private CertRules() {
    }

    /**
     * The node a server certificate is for: the node it sits on, or for a copy in the jumpbox's /root/pki the
     * node its file is named after ({@code etcd-master1.pem}, {@code worker1.pem}).
     */
    static Optional<Node> subjectNode(ClusterModel c, String node, String path) {
        String file = path.substring(path.lastIndexOf('/') + 1).replaceFirst("\\.pem$", "");
        if (path.startsWith("/root/pki/")) {
            String name = file.startsWith("etcd-") ? file.substring("etcd-".length()) : file;
            return c.node(name);
        }
        return c.node(node);
    }

    public static Kind kind(ClusterModel c, String node, String path, Cert cert) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        if (cert.ca() || file.equals("ca.pem")) {
            return Kind.CA;
        }
        if (path.equals("/etc/etcd/server.pem")) {
            return Kind.ETCD_SERVER;
        }
        if (file.equals("kube-apiserver.pem")) {
            return Kind.APISERVER;
        }
        if (path.equals("/var/lib/kubelet/kubelet.pem")) {
            return Kind.KUBELET;
        }
        if (path.startsWith("/root/pki/")) {
            String base = file.replaceFirst("\\.pem$", "");
            if (base.startsWith("etcd-") && c.masters().stream().anyMatch(m -> base.equals("etcd-" + m.name()))) {
                return Kind.ETCD_SERVER;
            }
            if (c.workers().stream().anyMatch(w -> w.name().equals(base))) {
                return Kind.KUBELET;
            }
        }
        return Kind.CLIENT;
    }

    /** The findings for one certificate, errors first. */
    public static List<Finding> check(ClusterModel c, String node, Cert cert, Instant now) {
        List<Finding> out = new ArrayList<>();
        String where = cert.path() + " on " + node;
        Kind kind = kind(c, node, cert.path(), cert);
        if (cert.notAfter() != null && now != null) {
            if (!cert.notAfter().isAfter(now)) {
                out.add(new Finding(Severity.ERROR, Problem.error(where + " expired on " + cert.notAfter(), "make it again (lesson goto 02-pki) and copy it to the nodes")));
            } else if (cert.notAfter().isBefore(now.plus(EXPIRING))) {
                long days = Duration.between(now, cert.notAfter()).toDays();
                out.add(new Finding(Severity.WARNING, Problem.error(where + " expires in " + days + " day" + (days == 1 ? "" : "s")
                        + " (" + cert.notAfter() + ")", "renew it before then (lesson goto 02-pki)")));
            }
        }
        boolean server = kind == Kind.ETCD_SERVER || kind == Kind.APISERVER || kind == Kind.KUBELET;
        if (server && cert.sans().isEmpty()) {
            out.add(new Finding(Severity.ERROR, Problem.error(where + " has a CN (" + cert.commonName() + ") but no subjectAltName: Go TLS clients (etcd, kubectl, kubelet) ignore the CN and reject it", "add subjectAltName to the openssl config and make the certificate again")));
        }
        Optional<Node> subject = subjectNode(c, node, cert.path());
        String vip = c.hasApiLb() ? c.config().loadbalancers().api().vip() : null;
        if (kind == Kind.ETCD_SERVER) {
            List<String> missing = new ArrayList<>();
            if (!cert.extKeyUsage().isEmpty()) {
                if (!cert.extKeyUsage().contains("serverAuth")) {
                    missing.add("serverAuth");
                }
                if (!cert.extKeyUsage().contains("clientAuth")) {
                    missing.add("clientAuth");
                }
            }
            if (!missing.isEmpty()) {
                out.add(new Finding(Severity.ERROR, Problem.error(where + " is an etcd server certificate without "
                        + String.join(" and ", missing) + " in extendedKeyUsage: etcd uses it as server and as client of its peers, which reject it (\"bad certificate\")", "extendedKeyUsage = serverAuth, clientAuth in the openssl config, then make it again")));
            }
            if (!cert.sans().isEmpty()) {
                subject.filter(c.masters()::contains).ifPresent(n -> missingIp(out, where, cert, n.ip(),
                        "the IP of " + n.name() + ", so its peers and etcdctl cannot connect to https://" + n.ip()
                                + ":2379"));
                if (vip != null) {
                    missingIp(out, where, cert, vip, "the VIP, so clients going through haproxy fail TLS");
                }
                if (!cert.sans().contains("IP:127.0.0.1")) {
                    out.add(new Finding(Severity.WARNING, Problem.error(where + " lacks IP:127.0.0.1 in its SANs: etcdctl on the master itself cannot use https://127.0.0.1:2379", "add it to subjectAltName")));
                }
            }
        }
        if (kind == Kind.APISERVER && !cert.sans().isEmpty()) {
            if (vip != null) {
                missingIp(out, where, cert, vip, "the VIP, so kubectl and kubelets going through the load balancer"
                        + " fail TLS (x509: certificate is valid for ..., not " + vip + ")");
            }
            for (Node m : c.masters()) {
                missingIp(out, where, cert, m.ip(), "the IP of " + m.name());
            }
            String svc = c.firstServiceIp();
            if (!cert.sans().contains("IP:" + svc)) {
                out.add(new Finding(Severity.WARNING, Problem.error(where + " lacks IP:" + svc + " (the kubernetes Service): pods reaching the API in-cluster fail TLS", "add it to subjectAltName")));
            }
        }
        if (kind == Kind.KUBELET && !cert.sans().isEmpty()) {
            subject.ifPresent(n -> {
                if (!cert.sans().contains("IP:" + n.ip())) {
                    out.add(new Finding(Severity.WARNING, Problem.error(where + " lacks IP:" + n.ip() + " (" + n.name() + "): kubectl logs/exec to that node fail TLS", "add it to subjectAltName")));
                }
            });
        }
        if (kind == Kind.CLIENT && !cert.extKeyUsage().isEmpty() && !cert.extKeyUsage().contains("clientAuth")) {
            out.add(new Finding(Severity.WARNING, Problem.error(where + " is a client certificate without clientAuth in extendedKeyUsage: servers reject it", "extendedKeyUsage = clientAuth")));
        }
        out.sort(Comparator.comparing(Finding::severity));
        return out;
    }

    private static void missingIp(List<Finding> out, String where, Cert cert, String ip, String why) {
        if (!cert.sans().contains("IP:" + ip)) {
            out.add(new Finding(Severity.ERROR, Problem.error(where + " lacks IP:" + ip + " in its SANs (" + why + ")", "add it to subjectAltName in the openssl config, make the certificate again and restart the service")));
        }
    }
}
