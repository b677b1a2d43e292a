package dev.hardway.lab.probe;

import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.inspect.ApiserverReport.Trap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The known wrong states of lesson 06 (the trap table of ../shared/k8s-1.37-notes.md §06.3) that a probe can see,
 * each recognised from data and named with its fix: the kube-* units' flags against the cluster config, the
 * apiserver's journal when it is not ready, the {@code kubernetes} Service and its EndpointSlice. The real and the
 * simulated lab build their traps with the same methods here, so both say the same thing.
 */
public final class ControlPlaneTraps {

    public static final String APISERVER = "kube-apiserver";
    public static final String CONTROLLER_MANAGER = "kube-controller-manager";
    /** kube-apiserver's range when --service-cluster-ip-range is missing (its ServiceCIDR default). */
    public static final String DEFAULT_SERVICE_RANGE = "10.0.0.0/24";
    /** VirtualBox's NAT address on Vagrant boxes: what an apiserver without --advertise-address may announce. */
    public static final String VAGRANT_NAT_IP = "10.0.2.15";

    private static final Pattern NO_SUCH_FILE = Pattern.compile("open (/\\S+?): no such file or directory");
    private static final Pattern UNKNOWN_FLAG = Pattern.compile("unknown flag: --([A-Za-z0-9-]+)");
    private static final Pattern ETCD_ADDR = Pattern.compile(":2379\\b");

    private ControlPlaneTraps() {
    }

    // -------------------------------------------------------------------------------------------- traps --

    public static Trap encryptionConfigMissing(String node, String path) {
        return new Trap("encryption-config-missing", node, "kube-apiserver cannot read its"
                + " --encryption-provider-config " + path + " (no such file), so it exits at start",
                "copy it from the jumpbox (lesson 04-encryption, step to-masters), then systemctl restart"
                        + " kube-apiserver");
    }

    public static Trap encryptionConfigInvalid(String node) {
        return new Trap("encryption-config-invalid", node, "kube-apiserver rejects its encryption config (a"
                + " parse error, or a key that is not 32 bytes)", "compare /var/lib/kubernetes/encryption-config.yaml"
                + " with /root/pki/encryption-config.yaml on the jumpbox (sha256sum) and copy it again");
    }

    public static Trap fileMissing(String node, String path) {
        String lesson = path.endsWith(".kubeconfig") ? "03-kubeconfigs" : path.startsWith("/usr/local/bin/")
                || path.endsWith(".service") || path.endsWith(".yaml") ? "06-control-plane" : "02-pki";
        return new Trap("file-missing", node, path + " is missing, so the unit that needs it exits at start",
                "copy it from the jumpbox (lesson " + lesson + ", lesson goto " + lesson + " shows the step), then"
                        + " systemctl restart the unit");
    }

    public static Trap serviceAccountFlagsMissing(String node) {
        return new Trap("service-account-flags-missing", node, "kube-apiserver refuses to start:"
                + " --service-account-signing-key-file and --service-account-issuer are required flags",
                "add --service-account-issuer, --service-account-key-file and --service-account-signing-key-file"
                        + " to the unit (see the lesson's template), then daemon-reload and restart");
    }

    public static Trap etcdTls(String node) {
        return new Trap("etcd-tls", node, "kube-apiserver's TLS handshake with etcd fails (x509 or bad"
                + " certificate in its journal)", "--etcd-cafile=/var/lib/kubernetes/ca.pem,"
                + " --etcd-certfile=/var/lib/kubernetes/etcd-client.pem and --etcd-keyfile=...etcd-client-key.pem;"
                + " test them with etcdctl --cacert/--cert/--key against --etcd-servers");
    }

    public static Trap etcdUnreachable(String node) {
        return new Trap("etcd-unreachable", node, "kube-apiserver cannot connect to etcd on port 2379"
                + " (connection refused)", "check etcd (check etcd) and that --etcd-servers lists https://MASTER-IP:2379"
                + " for every member");
    }

    public static Trap unknownFlag(String node, String unit, String flag) {
        return new Trap("unknown-flag", node, unit + " exits: unknown flag --" + flag + " (removed in this"
                + " release, or a typo)", "remove --" + flag + " from the unit, then daemon-reload and restart");
    }

    public static Trap serviceRangeMissing(String node, String expected) {
        return new Trap("service-range-missing", node, "kube-apiserver has no --service-cluster-ip-range, so it"
                + " uses " + DEFAULT_SERVICE_RANGE + " and the kubernetes Service gets 10.0.0.1, an address its"
                + " certificate does not name (pods fail with x509 ... not 10.0.0.1)", "add"
                + " --service-cluster-ip-range=" + expected + " (the same on every master and the"
                + " controller-manager)");
    }

    public static Trap serviceRangeMismatch(String node, String unit, String actual, String expected) {
        return new Trap("service-range-mismatch", node, unit + " has --service-cluster-ip-range=" + actual
                + " but the cluster's service CIDR is " + expected, "set --service-cluster-ip-range=" + expected
                + " on every kube-apiserver and kube-controller-manager; kubectl get servicecidr kubernetes shows"
                + " what the first apiserver stored");
    }

    public static Trap differsBetweenMasters(String flag, Map<String, String> values) {
        return new Trap("differs-between-masters", String.join(",", values.keySet()), "--" + flag
                + " differs between the masters (" + values + "): tokens or Service addresses flap between them",
                "give every master the same --" + flag + " (diff the units: systemctl cat kube-apiserver)");
    }

    public static Trap advertiseAddress(String node, String actual, String expected) {
        boolean nat = VAGRANT_NAT_IP.equals(actual);
        return new Trap("advertise-address", node, actual == null || actual.isEmpty()
                ? "kube-apiserver has no --advertise-address, so it announces its default-route address (on Vagrant"
                + " the NAT address " + VAGRANT_NAT_IP + ") in the kubernetes EndpointSlice"
                : "kube-apiserver advertises " + actual + (nat ? " (Vagrant's NAT address, the same on every VM)" : "")
                + " instead of the node's own address " + expected, "set --advertise-address=" + expected);
    }

    public static Trap issuerMismatch(String node, String actual, String expected) {
        return new Trap("issuer-mismatch", node, "kube-apiserver's --service-account-issuer is " + actual
                + ", not " + expected, "use --service-account-issuer=" + expected + " on every master");
    }

    public static Trap etcdServers(String node, String actual, String expected) {
        return new Trap("etcd-servers", node, "--etcd-servers is " + actual + ", not every member over TLS ("
                + expected + ")", "set --etcd-servers=" + expected + " (hardway's etcd only speaks TLS with client"
                + " certificates)");
    }

    public static Trap encryptionFlagMissing(String node) {
        return new Trap("encryption-flag-missing", node, "kube-apiserver has no --encryption-provider-config, so"
                + " Secrets are stored in etcd in plain text", "add"
                + " --encryption-provider-config=/var/lib/kubernetes/encryption-config.yaml");
    }

    public static Trap nodeRestrictionMissing(String node) {
        return new Trap("node-restriction-missing", node, "--enable-admission-plugins lacks NodeRestriction (it"
                + " is not on by default): a kubelet could change other nodes' objects", "add NodeRestriction to"
                + " --enable-admission-plugins");
    }

    public static Trap nodeCidrsNotAllocated(String node, String allocate) {
        return new Trap("node-cidrs-not-allocated", node, "kube-controller-manager has --cluster-cidr but"
                + " --allocate-node-cidrs=" + (allocate == null ? "(unset, false)" : allocate)
                + ", so nodes get no spec.podCIDR", "add --allocate-node-cidrs=true");
    }

    public static Trap clusterCidrMismatch(String node, String actual, String expected) {
        return new Trap("cluster-cidr-mismatch", node, "kube-controller-manager has --cluster-cidr=" + actual
                + " but the cluster's pod CIDR is " + expected, "set --cluster-cidr=" + expected);
    }

    public static Trap kubernetesServiceIp(String node, String actual, String expected) {
        boolean fallback = actual.startsWith("10.0.0.");
        return new Trap("kubernetes-service-ip", node, "the kubernetes Service has ClusterIP " + actual + ", not "
                + expected + (fallback ? " (--service-cluster-ip-range was missing when the first apiserver"
                + " started)" : ""), "fix --service-cluster-ip-range on every master; the ServiceCIDR object"
                + " 'kubernetes' keeps the first value, so delete the Service (it is recreated) after fixing all units");
    }

    public static Trap endpointNotMaster(String node, String address, List<String> masters) {
        return new Trap("advertise-address", node, "the kubernetes EndpointSlice lists " + address
                + (VAGRANT_NAT_IP.equals(address) ? " (Vagrant's NAT address)" : "") + ", not a master address ("
                + String.join(", ", masters) + "): pods time out on the kubernetes Service",
                "set --advertise-address=NODE-IP on every kube-apiserver and restart them");
    }

    // -------------------------------------------------------------------------------------- detectors --

    /** The apiserver's journal when it is not ready: the first known cause found, most specific first. */
    public static List<Trap> fromJournal(String node, String journal) {
        List<Trap> out = new ArrayList<>();
        if (journal == null || journal.isBlank()) {
            return out;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String line : journal.lines().toList()) {
            Trap t = null;
            Matcher file = NO_SUCH_FILE.matcher(line);
            Matcher flag = UNKNOWN_FLAG.matcher(line);
            if (line.contains("encryption provider configuration file") && file.find()) {
                t = encryptionConfigMissing(node, file.group(1));
            } else if (line.contains("encryption provider configuration") || line.contains("encryption config")) {
                t = encryptionConfigInvalid(node);
            } else if (line.contains("--service-account-signing-key-file and --service-account-issuer are required")) {
                t = serviceAccountFlagsMissing(node);
            } else if (file.find()) {
                t = fileMissing(node, file.group(1));
            } else if (flag.find()) {
                t = unknownFlag(node, APISERVER, flag.group(1));
            } else if (ETCD_ADDR.matcher(line).find() && (line.contains("x509:") || line.contains("tls:")
                    || line.contains("authentication handshake failed"))) {
                t = etcdTls(node);
            } else if (ETCD_ADDR.matcher(line).find() && line.contains("connection refused")) {
                t = etcdUnreachable(node);
            }
            if (t != null && seen.add(t.id() + t.what())) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * One master's kube-apiserver and kube-controller-manager flags ({@code systemctl cat}) against what the
     * cluster config says they must be. A unit that is not there is skipped (not installed yet).
     */
    public static List<Trap> fromFlags(ClusterModel c, Node master, Map<String, Map<String, String>> units) {
        List<Trap> out = new ArrayList<>();
        String node = master.name();
        String range = c.config().network().serviceCidr();
        Map<String, String> api = units.get(APISERVER);
        if (api != null) {
            String r = api.get("service-cluster-ip-range");
            if (r == null) {
                out.add(serviceRangeMissing(node, range));
            } else if (!r.equals(range)) {
                out.add(serviceRangeMismatch(node, APISERVER, r, range));
            }
            String adv = api.get("advertise-address");
            if (adv == null || !adv.equals(master.ip())) {
                out.add(advertiseAddress(node, adv, master.ip()));
            }
            String issuer = api.get("service-account-issuer");
            if (issuer == null || api.get("service-account-signing-key-file") == null) {
                out.add(serviceAccountFlagsMissing(node));
            } else if (!issuer.equals(c.apiEndpoint())) {
                out.add(issuerMismatch(node, issuer, c.apiEndpoint()));
            }
            String etcd = api.get("etcd-servers");
            if (etcd == null || !sameSet(etcd, c.etcdClientEndpoints())) {
                out.add(etcdServers(node, etcd == null ? "(unset: http://127.0.0.1:2379)" : etcd,
                        c.etcdClientEndpoints()));
            }
            if (api.get("encryption-provider-config") == null) {
                out.add(encryptionFlagMissing(node));
            }
            String plugins = api.getOrDefault("enable-admission-plugins", "");
            if (!List.of(plugins.split(",")).contains("NodeRestriction")) {
                out.add(nodeRestrictionMissing(node));
            }
        }
        Map<String, String> kcm = units.get(CONTROLLER_MANAGER);
        if (kcm != null) {
            String r = kcm.get("service-cluster-ip-range");
            if (r != null && !r.equals(range)) {
                out.add(serviceRangeMismatch(node, CONTROLLER_MANAGER, r, range));
            } else if (r == null) {
                out.add(serviceRangeMismatch(node, CONTROLLER_MANAGER, "(unset)", range));
            }
            String cidr = kcm.get("cluster-cidr");
            String allocate = kcm.get("allocate-node-cidrs");
            if (cidr != null && !"true".equals(allocate) && !"".equals(allocate)) {
                out.add(nodeCidrsNotAllocated(node, allocate));
            }
            if (cidr != null && !cidr.equals(c.config().network().podCidr())) {
                out.add(clusterCidrMismatch(node, cidr, c.config().network().podCidr()));
            }
        }
        return out;
    }

    /** Flags that must be equal on every master's kube-apiserver, compared across the masters that have the unit. */
    public static List<Trap> acrossMasters(Map<String, Map<String, Map<String, String>>> unitsByMaster) {
        List<Trap> out = new ArrayList<>();
        for (String flag : List.of("service-cluster-ip-range", "service-account-issuer")) {
            Map<String, String> values = new LinkedHashMap<>();
            unitsByMaster.forEach((m, units) -> {
                Map<String, String> api = units.get(APISERVER);
                if (api != null) {
                    values.put(m, api.getOrDefault(flag, "(unset)"));
                }
            });
            if (new LinkedHashSet<>(values.values()).size() > 1) {
                out.add(differsBetweenMasters(flag, values));
            }
        }
        return out;
    }

    /** {@code kubectl get svc kubernetes -o jsonpath={.spec.clusterIP}} and the EndpointSlice's addresses. */
    public static List<Trap> fromKubernetesService(ClusterModel c, String node, String clusterIp,
                                                   List<String> endpointAddresses) {
        List<Trap> out = new ArrayList<>();
        if (clusterIp != null && !clusterIp.isBlank() && !clusterIp.strip().equals(c.firstServiceIp())) {
            out.add(kubernetesServiceIp(node, clusterIp.strip(), c.firstServiceIp()));
        }
        List<String> masters = c.masters().stream().map(Node::ip).toList();
        for (String a : endpointAddresses) {
            if (!masters.contains(a)) {
                out.add(endpointNotMaster(node, a, masters));
            }
        }
        return out;
    }

    private static boolean sameSet(String a, String b) {
        return new java.util.TreeSet<>(List.of(a.split(","))).equals(new java.util.TreeSet<>(List.of(b.split(","))));
    }
}
