package dev.hardway.lab;

import dev.hardway.cluster.ClusterModel;
import java.util.regex.Pattern;

/**
 * The exact commands the real probes run, in one place: {@code RealLab} executes them and the simulated lab
 * reports them (so {@code set feedback verbose} shows the learner what to type on a real node either way).
 * Paths follow docs/lesson-format.md "Paths the lessons use".
 */
public final class ProbeCommands {

    public static final String ETCD_CA = "/etc/etcd/ca.pem";
    public static final String ETCD_CERT = "/etc/etcd/server.pem";
    public static final String ETCD_KEY = "/etc/etcd/server-key.pem";
    public static final String ADMIN_KUBECONFIG = "/root/.kube/config";
    public static final String HAPROXY_SOCKET = "/run/haproxy/admin.sock";

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:@%+=,-]+");

    private ProbeCommands() {
    }

    /** Quotes a word for bash only when it needs it, so shown commands stay readable. */
    public static String q(String s) {
        return SAFE.matcher(s).matches() ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    /** How a command is listed in {@link ProbeResult#commands()}: where it runs, then the command. */
    public static String on(String node, String command) {
        return node + ": " + command;
    }

    public static String serviceActive(String unit) {
        return "systemctl is-active " + q(unit);
    }

    public static String fileExists(String path) {
        return "test -s " + q(path);
    }

    /** etcdctl against every member's client URL with the server certificate (it carries clientAuth). */
    public static String etcdctl(ClusterModel c, String subcommand) {
        return etcdctlAt(c.etcdClientEndpoints(), subcommand);
    }

    /** The member a master runs itself, as lesson 05 listens for it (the server certificate names 127.0.0.1). */
    public static final String ETCD_LOCAL = "https://127.0.0.1:2379";

    /** etcdctl against the given endpoints (one: {@link #ETCD_LOCAL}), with the same TLS flags and timeouts. */
    public static String etcdctlAt(String endpoints, String subcommand) {
        return "etcdctl --endpoints=" + endpoints + " --cacert=" + ETCD_CA + " --cert=" + ETCD_CERT
                + " --key=" + ETCD_KEY + " --dial-timeout=2s --command-timeout=3s " + subcommand;
    }

    /** Lesson 15: a key as this master's own member holds it (serializable: no leader needed), count only. */
    public static String etcdKeyLocal(String key) {
        return etcdctlAt(ETCD_LOCAL, "get " + q(key) + " --consistency=s --keys-only -w json");
    }

    /** Lesson 14: one write through every member (the way kube-apiserver writes), the value the time it was made. */
    public static String etcdPut(ClusterModel c, String key) {
        return etcdctl(c, "put " + q(key) + " \"$(date -u +%FT%TZ)\"");
    }

    /** Lesson 15: what etcdutl reads from a snapshot file (hash, revision, keys, size; 3.6 adds the version). */
    public static String etcdutlStatus(String path) {
        return "etcdutl snapshot status " + q(path) + " -w json";
    }

    public static String etcdStatus(ClusterModel c) {
        return etcdctl(c, "endpoint status -w json");
    }

    public static String etcdHealth(ClusterModel c) {
        return etcdctl(c, "endpoint health -w json");
    }

    public static String etcdMembers(ClusterModel c) {
        return etcdctl(c, "member list -w json");
    }

    public static String ipAddr() {
        return "ip -o -4 addr show";
    }

    /** haproxy's stats as CSV from the admin socket (socat when installed, else OpenBSD nc). */
    public static String haproxyStat() {
        return "if command -v socat >/dev/null; then echo 'show stat' | socat stdio " + HAPROXY_SOCKET
                + "; else echo 'show stat' | nc -N -U " + HAPROXY_SOCKET + "; fi";
    }

    /** How long every probe's HTTP request may take (curl --max-time), the one place this is chosen. */
    public static final int HTTP_SECONDS = 5;

    /** An HTTPS GET as the probes make it (self-signed certificates: -k; quiet: -s). */
    public static String curl(String url) {
        return "curl -sk --max-time " + HTTP_SECONDS + " " + q(url);
    }

    public static String healthz(String endpoint) {
        return curl(endpoint + "/healthz");
    }

    /** {@code kubectl get nodes} from the client node, with the jumpbox's kubectl (not on a non-login PATH). */
    public static String kubectlNodes() {
        return kubectl("get nodes -o json");
    }

    /** The admin kubeconfig lesson 03 puts on every master (its server is the API endpoint; see kubectlOnMaster). */
    public static final String MASTER_KUBECONFIG = "/var/lib/kubernetes/admin.kubeconfig";

    /**
     * kubectl on a master against its own kube-apiserver (the VIP may not exist yet: lesson 07 comes after 06):
     * the admin kubeconfig with {@code --server https://127.0.0.1:6443}, a SAN of the API certificate.
     */
    public static String kubectlOnMaster(String args) {
        return "kubectl --kubeconfig " + MASTER_KUBECONFIG + " --server https://127.0.0.1:"
                + ClusterModel.APISERVER_PORT + " --request-timeout=" + HTTP_SECONDS + "s " + args;
    }

    /** The leader leases of the controller-manager and the scheduler, in one call. */
    public static String leases() {
        return kubectlOnMaster("-n kube-system get lease kube-controller-manager kube-scheduler -o json");
    }

    /** {@code /readyz?verbose}: one line per readiness check, then "readyz check passed|failed". */
    public static String readyzVerbose(String base) {
        return curl(base + "/readyz?verbose");
    }

    /** How long a TCP connect probe waits, the one place this is chosen. */
    public static final int CONNECT_SECONDS = 3;

    public static String portOpen(String host, int port) {
        return "timeout " + CONNECT_SECONDS + " bash -c " + q("</dev/tcp/" + host + "/" + port);
    }

    // ------------------------------------------------------------------- lesson 09: kubelet, kube-proxy --

    /** kube-proxy's mode from its metrics port (127.0.0.1:10249 by default). */
    public static String proxyMode() {
        return "curl -s --max-time " + HTTP_SECONDS + " http://127.0.0.1:10249/proxyMode";
    }

    /** The file the kubelet's config names as resolvConf (its default when unset), printed. */
    public static String kubeletResolvConf() {
        return "f=$(sed -n 's/^resolvConf:[[:space:]]*//p' /var/lib/kubelet/kubelet-config.yaml | tr -d '\"'\\'' ');"
                + " cat \"${f:-/etc/resolv.conf}\"";
    }

    public static String cgroupFs() {
        return "stat -fc %T /sys/fs/cgroup";
    }

    public static String certSubject(String path) {
        return "openssl x509 -noout -subject -in " + q(path);
    }

    public static String kubeconfigServer(String path) {
        return "grep -m1 'server:' " + q(path);
    }

    public static String swaps() {
        return "swapon --show --noheadings";
    }

    public static String kernel() {
        return "uname -r";
    }

    public static String bridgeNfCall() {
        return "cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null || true";
    }

    // ---------------------------------------------------------------- workloads (lessons 11, 12) --

    /** kubectl on the client node (the jumpbox: lesson 01 puts it in /root/bin), as the admin of lesson 03. */
    public static final String KUBECTL = "/root/bin/kubectl --kubeconfig " + ADMIN_KUBECONFIG;

    public static String kubectl(String args) {
        return KUBECTL + " " + args;
    }

    public static String pods(String namespace, String selector) {
        return kubectl("-n " + q(namespace) + " get pods -l " + q(selector) + " -o json");
    }

    /** The last log lines of the pods, of the crashed run first (a CrashLoopBackOff's reason is there). */
    public static String podLogs(String namespace, String selector) {
        String logs = "-n " + q(namespace) + " logs -l " + q(selector) + " --all-containers --prefix --tail=20";
        // probes run under bash -e: a pod that never restarted has no --previous log, which must not end the script
        return "{ " + kubectl(logs + " --previous") + " || true; " + kubectl(logs) + "; } 2>&1";
    }

    public static String service(String namespace, String name) {
        return kubectl("-n " + q(namespace) + " get service " + q(name) + " -o json");
    }

    public static String canI(String verb, String resource, String as, String namespace) {
        return kubectl("auth can-i " + q(verb) + " " + q(resource) + " --as=" + q(as)
                + (namespace == null ? "" : " -n " + q(namespace)));
    }

    /** One DNS question to one server, answers only (dnsutils on the node). */
    public static String dig(String server, String name) {
        return "dig +short +time=2 +tries=1 @" + q(server) + " " + q(name);
    }

    /** A command inside a pod ({@code deploy/nginx}: its first pod). */
    public static String podExec(String namespace, String pod, String command) {
        return kubectl("-n " + q(namespace) + " exec " + q(pod) + " -- " + command);
    }

    public static String getent(String name) {
        return "getent hosts " + q(name);
    }

    /** A Secret's bytes as etcd holds them, as hexdump -C shows them (bsdextrautils on the masters). */
    public static String secretHexdump(ClusterModel c, String namespace, String name) {
        return "set -o pipefail; " + etcdctl(c, "get " + q("/registry/secrets/" + namespace + "/" + name)
                + " --print-value-only") + " | hexdump -C";
    }

    /** The HTTP status of a GET, "000" when nothing answered. */
    public static String httpCode(String url) {
        return "curl -s -o /dev/null -w '%{http_code}' --max-time " + HTTP_SECONDS + " " + q(url);
    }

    // ------------------------------------------------------------------------------- BGP (lesson 16) --

    /** FRR's view of every BGP neighbor (state, remote AS, the last NOTIFICATION) on the router. */
    public static String bgpNeighbors() {
        return "vtysh -c 'show bgp neighbors json'";
    }

    /** FRR's summary (per peer: state, peerState "Policy" when RFC 8212 discards its routes, prefixes received). */
    public static String bgpSummary() {
        return "vtysh -c 'show bgp summary json'";
    }

    /** zebra's routing table as JSON (protocol, installed, next hops per prefix). */
    public static String ipRoutes() {
        return "vtysh -c 'show ip route json'";
    }
}
