package dev.hardway.lab.probe;

import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.inspect.CertParser;
import dev.hardway.lab.inspect.CertReport.Cert;
import java.util.ArrayList;
import java.util.List;

/**
 * The certificates the lessons make (lesson 02-pki's openssl configs), for the simulated lab, which only knows
 * that a file is there: subject, SANs and usages are derived from the cluster config, dates are not modelled.
 */
final class SimCerts {
    private SimCerts() {
    }

    /** Where the lessons put certificates on this node. */
    static List<String> candidates(ClusterModel c, Node n) {
        List<String> out = new ArrayList<>();
        if (c.jumpbox().map(j -> j.name().equals(n.name())).orElse(false)) {
            for (String f : List.of("ca", "admin", "kube-apiserver", "etcd-client", "service-account",
                    "kube-controller-manager", "kube-scheduler", "kube-proxy")) {
                out.add("/root/pki/" + f + ".pem");
            }
            c.masters().forEach(m -> out.add("/root/pki/etcd-" + m.name() + ".pem"));
            c.workers().forEach(w -> out.add("/root/pki/" + w.name() + ".pem"));
        }
        if (c.masters().contains(n)) {
            out.addAll(List.of("/etc/etcd/ca.pem", "/etc/etcd/server.pem", "/var/lib/kubernetes/ca.pem",
                    "/var/lib/kubernetes/kube-apiserver.pem", "/var/lib/kubernetes/etcd-client.pem",
                    "/var/lib/kubernetes/service-account.pem"));
        }
        if (c.workers().contains(n)) {
            out.addAll(List.of("/var/lib/kubelet/ca.pem", "/var/lib/kubelet/kubelet.pem"));
        }
        return out;
    }

    static Cert derive(ClusterModel c, Node on, String path) {
        String file = path.substring(path.lastIndexOf('/') + 1).replaceFirst("\\.pem$", "");
        String ca = "CN = " + c.name() + " Kubernetes CA";
        String fqdnSuffix = "." + c.config().domain();
        List<String> serverKu = List.of("Digital Signature", "Key Encipherment");
        List<String> both = List.of("serverAuth", "clientAuth");
        if (file.equals("ca")) {
            return cert(on, path, ca, ca, List.of(), List.of("Certificate Sign", "CRL Sign"), List.of(), true);
        }
        Node etcdNode = path.equals("/etc/etcd/server.pem") ? on
                : file.startsWith("etcd-") ? c.node(file.substring(5)).filter(c.masters()::contains).orElse(null)
                : null;
        if (etcdNode != null) {
            List<String> sans = new ArrayList<>(List.of("IP:" + etcdNode.ip(), "IP:127.0.0.1"));
            if (c.hasApiLb()) {
                sans.add("IP:" + c.config().loadbalancers().api().vip());
            }
            sans.addAll(List.of("DNS:" + etcdNode.name(), "DNS:" + etcdNode.name() + fqdnSuffix, "DNS:localhost"));
            return cert(on, path, "CN = " + etcdNode.name() + ", O = etcd", ca, sans, serverKu, both, false);
        }
        if (file.equals("kube-apiserver")) {
            List<String> sans = new ArrayList<>();
            c.apiserverSanIps().forEach(ip -> sans.add("IP:" + ip));
            c.apiserverSanDns().forEach(d -> sans.add("DNS:" + d));
            return cert(on, path, "CN = kubernetes", ca, sans, serverKu, both, false);
        }
        Node worker = file.equals("kubelet") ? on : c.node(file).filter(c.workers()::contains).orElse(null);
        if (worker != null) {
            return cert(on, path, "CN = system:node:" + worker.name() + ", O = system:nodes", ca,
                    List.of("IP:" + worker.ip(), "DNS:" + worker.name(), "DNS:" + worker.name() + fqdnSuffix),
                    serverKu, both, false);
        }
        String subject = switch (file) {
            case "admin" -> "CN = admin, O = system:masters";
            case "kube-controller-manager" -> "CN = system:kube-controller-manager, O = system:kube-controller-manager";
            case "kube-scheduler" -> "CN = system:kube-scheduler, O = system:kube-scheduler";
            case "kube-proxy" -> "CN = system:kube-proxy, O = system:node-proxier";
            case "etcd-client" -> "CN = kube-apiserver-etcd-client";
            case "service-account" -> "CN = service-accounts";
            default -> "CN = " + file;
        };
        return cert(on, path, subject, ca, List.of(), serverKu, List.of("clientAuth"), false);
    }

    /** The same certificate without one SAN (re-issued by the cert fault). */
    static Cert without(Cert c, String san) {
        return new Cert(c.node(), c.path(), c.subject(), c.issuer(), c.commonName(), c.sans().stream()
                .filter(s -> !s.equals(san)).toList(), c.keyUsage(), c.extKeyUsage(), c.ca(), c.notAfter(), c.findings());
    }

    private static Cert cert(Node on, String path, String subject, String issuer, List<String> sans, List<String> ku,
                             List<String> eku, boolean isCa) {
        return new Cert(on.name(), path, subject, issuer, CertParser.commonName(subject), sans, ku, eku, isCa, null,
                List.of());
    }
}
