package dev.hardway.lab.probe;

import dev.hardway.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hint checks for the known traps of lessons 11 and 12 (../shared/k8s-1.37-notes.md §11.3, §12.2) that show in
 * what pods log or why they wait: each recognises one wrong state and names it with the fix. The real probes feed
 * them kubectl's output, the simulated ones the log lines the model derives, so both labs give the same hint.
 */
final class Traps {

    private static final Pattern LOOP = Pattern.compile("plugin/loop: Loop \\(([^)]*)\\) detected");
    private static final Pattern ENDPOINTSLICES = Pattern.compile("endpointslices\\.discovery\\.k8s\\.io is forbidden");
    private static final Pattern FORBIDDEN =
            Pattern.compile("(\\S+) is forbidden: User \"([^\"]+)\" cannot (\\w+) resource \"([^\"]+)\"");
    private static final Pattern X509 = Pattern.compile("x509: certificate is valid for [^\\n]*, not (\\S+)");
    private static final Pattern API_TIMEOUT = Pattern.compile("dial tcp (\\d+\\.\\d+\\.\\d+\\.\\d+):443: i/o timeout");
    private static final Pattern PULL_LIMIT = Pattern.compile("429 Too Many Requests|toomanyrequests");

    private Traps() {
    }

    /** The traps recognised in log text, one problem each (what, and the fix), in a stable order. */
    static List<Problem> inLogs(String logs) {
        List<Problem> out = new ArrayList<>();
        if (logs == null || logs.isBlank()) {
            return out;
        }
        Matcher m = LOOP.matcher(logs);
        if (m.find()) {
            out.add(Problem.error("CoreDNS found a forwarding loop (" + m.group(1) + "): its upstream is the node's systemd-resolved"
                    + " stub 127.0.0.53 or the cluster DNS itself, and the loop plugin stops it (CrashLoopBackOff).", "resolvConf: /run/systemd/resolve/resolv.conf in /var/lib/kubelet/kubelet-config.yaml (lesson 09), keep forward . /etc/resolv.conf with dnsPolicy: Default, then kubectl -n"
                    + " kube-system rollout restart deploy/coredns"));
        }
        if (ENDPOINTSLICES.matcher(logs).find()) {
            out.add(Problem.error("CoreDNS may not list EndpointSlices (a ClusterRole from an old manifest), so its kubernetes plugin never syncs and the pods stay unready", "add {apiGroups: [discovery.k8s.io], resources: [endpointslices], verbs: [list, watch]} to the ClusterRole system:coredns; check"
                    + " with kubectl auth can-i list endpointslices.discovery.k8s.io"
                    + " --as=system:serviceaccount:kube-system:coredns"));
        } else {
            Matcher f = FORBIDDEN.matcher(logs);
            if (f.find()) {
                out.add(Problem.error("RBAC: " + f.group(2) + " may not " + f.group(3) + " " + f.group(1), "kubectl auth can-i " + f.group(3) + " " + f.group(1) + " --as=" + f.group(2) + ", then fix the"
                        + " ClusterRole bound to it"));
            }
        }
        Matcher x = X509.matcher(logs);
        if (x.find()) {
            out.add(Problem.error("the API server's certificate does not name " + x.group(1) + ": a kube-apiserver without"
                    + " --service-cluster-ip-range makes the kubernetes Service 10.0.0.1, outside the certificate.", "the same --service-cluster-ip-range on every apiserver and the controller-manager (lesson 06), then kubectl get svc kubernetes"));
        }
        Matcher t = API_TIMEOUT.matcher(logs);
        if (t.find()) {
            out.add(Problem.error("pods cannot reach the API at its Service IP " + t.group(1) + ": kube-proxy does not forward it on the pod's node, or the routes to the masters are missing", "systemctl status kube-proxy on that node; ip route (lesson 10)"));
        }
        if (PULL_LIMIT.matcher(logs).find()) {
            out.add(Problem.error("the registry refuses the image pull (rate limit, 429)", "a pinned tag instead of :latest, or a registry mirror in containerd's config"));
        }
        return out;
    }

    /** A pod waiting to pull its image: what and the fix; null for other reasons. */
    static Problem imagePull(String pod, String reason, String message) {
        if (!reason.equals("ImagePullBackOff") && !reason.equals("ErrImagePull")) {
            return null;
        }
        if (PULL_LIMIT.matcher(message).find()) {
            return inLogs(message).get(0);
        }
        return Problem.error(pod + " cannot pull its image (" + reason + (message.isEmpty() ? "" : ": " + message) + ")", "kubectl describe pod " + pod + "; check the pinned tag exists and the node reaches the registry");
    }
}
