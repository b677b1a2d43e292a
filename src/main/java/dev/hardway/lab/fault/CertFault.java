package dev.hardway.lab.fault;

import dev.hardway.Problem;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code cert} fault (the bad-cert demo): a master's kube-apiserver certificate re-issued without the API VIP
 * in its SANs, by the lesson 02-pki CA, with the master's own key, so the apiserver still starts and serves but
 * every client that verifies TLS through the load balancer sees
 * {@code x509: certificate is valid for ..., not <VIP>}. The original is kept beside it ({@link #ASIDE}) and heal
 * puts it back. On real nodes it takes three scripts, because the CA key never leaves the jumpbox (lesson 02):
 * {@link #csrScript} on the master (a request from its key: only public data leaves it), {@link #signScript} on the
 * jumpbox (signed with {@code /root/pki/ca-key.pem}, printed as PEM), {@link #installScript} on the master. Each
 * script takes its directories so a unit test can run it against a throw-away CA with the real openssl.
 */
public final class CertFault {

    /** Where lesson 06 installs the API certificate on the masters. */
    public static final String DIR = "/var/lib/kubernetes";
    /** The jumpbox's PKI directory with the CA (lesson 02-pki). */
    public static final String PKI = "/root/pki";
    public static final String CERT = "kube-apiserver.pem";
    public static final String KEY = "kube-apiserver-key.pem";
    /** Suffix of the original certificate while the fault is active. */
    public static final String ASIDE = ".hardway-orig";
    /** The subject lesson 02-pki gives it. */
    static final String SUBJECT = "/CN=kubernetes/O=Kubernetes";
    static final String BEGIN_CSR = "-----BEGIN CERTIFICATE REQUEST-----";
    static final String BEGIN_CERT = "-----BEGIN CERTIFICATE-----";

    private CertFault() {
    }

    /** The full path of the API certificate on a master. */
    public static String certPath() {
        return DIR + "/" + CERT;
    }

    /** The node must be a master, and the cluster must have a VIP to leave out (and a jumpbox with the CA). */
    static String vipToDrop(ClusterModel c, Node node) {
        if (!c.masters().contains(node)) {
            throw FaultException.badInput(Problem.error(node.name() + " is not a master: --mode cert re-issues the kube-apiserver certificate, which only masters have", "break " + c.masters().get(0).name()
                    + " --mode cert"));
        }
        if (!c.hasApiLb()) {
            throw FaultException.badInput(Problem.error("cluster " + c.name() + " has no API VIP (no load-balancer pair), so there is no VIP to leave out of the certificate", "a cluster with loadbalancers (cluster use ha)"));
        }
        return c.config().loadbalancers().api().vip();
    }

    /** Every SAN lesson 02-pki puts in, except {@code drop}: the openssl form ("IP:a, DNS:b"). */
    static String sansWithout(ClusterModel c, String drop) {
        List<String> out = new ArrayList<>();
        c.apiserverSanIps().stream().filter(ip -> !ip.equals(drop)).forEach(ip -> out.add("IP:" + ip));
        c.apiserverSanDns().forEach(d -> out.add("DNS:" + d));
        return String.join(", ", out);
    }

    /** On the master: a certificate request from the existing key, printed as PEM. */
    public static String csrScript(String dir) {
        return "set -e\n"
                + "d=" + dir + "\n"
                + "if [ ! -s \"$d/" + CERT + "\" ] || [ ! -s \"$d/" + KEY + "\" ]; then\n"
                + "  echo \"$d/" + CERT + " or " + KEY + " is missing: lesson 06-control-plane installs them\" >&2\n"
                + "  exit 3\n"
                + "fi\n"
                + "command -v openssl >/dev/null || { echo 'openssl: command not found' >&2; exit 127; }\n"
                + "openssl req -new -key \"$d/" + KEY + "\" -subj '" + SUBJECT + "'\n";
    }

    /** On the jumpbox: signs {@code csrPem} with the lesson 02 CA for {@code sans}; prints the certificate. */
    public static String signScript(String pki, String csrPem, String sans) {
        return "set -e\n"
                + "p=" + pki + "\n"
                + "if [ ! -s \"$p/ca.pem\" ] || [ ! -s \"$p/ca-key.pem\" ]; then\n"
                + "  echo \"$p/ca.pem or ca-key.pem is missing: lesson 02-pki makes them\" >&2\n"
                + "  exit 3\n"
                + "fi\n"
                + "tmp=$(mktemp -d)\n"
                + "trap 'rm -rf \"$tmp\"' EXIT\n"
                + "cat > \"$tmp/req.csr\" <<'HARDWAY_CSR'\n" + csrPem.strip() + "\nHARDWAY_CSR\n"
                + "cat > \"$tmp/ext.cnf\" <<'HARDWAY_EXT'\n"
                + "[ apiserver ]\n"
                + "basicConstraints = critical, CA:FALSE\n"
                + "keyUsage = critical, digitalSignature, keyEncipherment\n"
                + "extendedKeyUsage = serverAuth, clientAuth\n"
                + "subjectKeyIdentifier = hash\n"
                + "authorityKeyIdentifier = keyid\n"
                + "subjectAltName = " + sans + "\n"
                + "HARDWAY_EXT\n"
                + "openssl x509 -req -in \"$tmp/req.csr\" -CA \"$p/ca.pem\" -CAkey \"$p/ca-key.pem\""
                + " -set_serial \"0x$(openssl rand -hex 16)\" -days 30 -sha256 -extfile \"$tmp/ext.cnf\""
                + " -extensions apiserver 2>/dev/null\n";
    }

    /**
     * On the master: keeps the original aside (once: a second break keeps the first original), installs
     * {@code certPem} and restarts a running kube-apiserver so it serves it. Prints {@code installed} and, when it
     * restarted the unit, {@code restarted}.
     */
    public static String installScript(String dir, String certPem) {
        return "set -e\n"
                + "d=" + dir + "\n"
                + "[ -e \"$d/" + CERT + ASIDE + "\" ] || cp -p \"$d/" + CERT + "\" \"$d/" + CERT + ASIDE + "\"\n"
                + "cat > \"$d/" + CERT + ".new\" <<'HARDWAY_CERT'\n" + certPem.strip() + "\nHARDWAY_CERT\n"
                + "chmod 0644 \"$d/" + CERT + ".new\"\n"
                + "mv -f \"$d/" + CERT + ".new\" \"$d/" + CERT + "\"\n"
                + "echo installed\n"
                + restart();
    }

    /** On the master: puts the original back and restarts a running kube-apiserver. */
    public static String healScript(String dir) {
        return "set -e\n"
                + "d=" + dir + "\n"
                + "if [ ! -e \"$d/" + CERT + ASIDE + "\" ]; then\n"
                + "  echo \"$d/" + CERT + ASIDE + " is not there: the original certificate was not kept\" >&2\n"
                + "  exit 3\n"
                + "fi\n"
                + "mv -f \"$d/" + CERT + ASIDE + "\" \"$d/" + CERT + "\"\n"
                + "echo restored\n"
                + restart();
    }

    private static String restart() {
        return "if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet kube-apiserver; then\n"
                + "  systemctl restart kube-apiserver\n"
                + "  echo restarted\n"
                + "fi\n";
    }

    /** The PEM block starting with {@code begin} in a script's output, or null. */
    static String pem(String out, String begin) {
        int i = out.indexOf(begin);
        if (i < 0) {
            return null;
        }
        String endMarker = begin.replace("BEGIN", "END");
        int j = out.indexOf(endMarker, i);
        return j < 0 ? null : out.substring(i, j + endMarker.length()) + "\n";
    }

    /** What {@code faults} shows. */
    static String describe(Fault f) {
        return CERT + " re-issued without the VIP " + String.join(", ", f.peers()) + " in its SANs (the original"
                + " kept as " + CERT + ASIDE + ")";
    }
}
