package dev.hardway.testbed;

import java.time.Duration;

/**
 * The test bed has no Kubernetes server binaries, so no kube-proxy serves NodePorts there. For lesson 13 (haproxy on
 * the elbs in front of every worker's NodePort) each worker gets a STAND-IN for kube-proxy: the unit
 * {@code nodeport-standin.service}, a plain python3 http.server on the worker's IP and the cluster's NodePort that
 * answers 200 with a page naming the worker. Installed by the ITs, never by a lesson; {@link #remove} undoes it, and
 * {@link #stopIngressPair} leaves the elbs as the other ITs expect (no haproxy, keepalived, ingress VIP).
 */
public final class NodePortStandIn {

    /** loadbalancers.ingress.node_port's default, which the test bed's cluster.yaml keeps. */
    public static final int NODE_PORT = 30080;
    public static final String UNIT = "nodeport-standin";

    private NodePortStandIn() {
    }

    public static void install(TestBed bed) {
        for (String w : bed.nodesWithRole("worker")) {
            String ip = bed.ip(w);
            String script = String.join("\n", "set -e", "mkdir -p /var/lib/" + UNIT,
                    "echo 'nodeport stand-in for kube-proxy on " + w + "' > /var/lib/" + UNIT + "/index.html",
                    "cat > /etc/systemd/system/" + UNIT + ".service <<'EOF'",
                    "[Unit]",
                    "Description=STAND-IN for kube-proxy's NodePort " + NODE_PORT + " (hardway test bed, lesson 13 IT)",
                    "[Service]",
                    "ExecStart=/usr/bin/python3 -m http.server " + NODE_PORT + " --bind " + ip
                            + " --directory /var/lib/" + UNIT,
                    "Restart=on-failure",
                    "[Install]",
                    "WantedBy=multi-user.target",
                    "EOF",
                    "systemctl daemon-reload", "systemctl enable --now " + UNIT,
                    "for i in $(seq 1 50); do curl -fs -o /dev/null http://" + ip + ":" + NODE_PORT + "/ && exit 0;"
                            + " sleep 0.1; done; echo 'stand-in does not answer' >&2; exit 1");
            ExecResult r = bed.sh(w, script);
            if (r.exit() != 0) {
                throw new AssertionError(w + ": installing " + UNIT + ": " + r);
            }
        }
    }

    public static void remove(TestBed bed) {
        for (String w : bed.nodesWithRole("worker")) {
            bed.sh(w, "systemctl disable --now " + UNIT + " 2>/dev/null; rm -f /etc/systemd/system/" + UNIT
                    + ".service; rm -rf /var/lib/" + UNIT + "; systemctl daemon-reload; systemctl reset-failed "
                    + UNIT + " 2>/dev/null; true");
        }
    }

    /** Stops and disables haproxy and keepalived on the elbs (BACKUP first, so the VIP does not move) and drops the VIP. */
    public static void stopIngressPair(TestBed bed) {
        java.util.List<String> elbs = new java.util.ArrayList<>(bed.nodesWithRole("elb"));
        java.util.Collections.reverse(elbs);
        for (String e : elbs) {
            bed.sh(e, "systemctl disable --now keepalived haproxy 2>/dev/null; systemctl reset-failed keepalived"
                    + " haproxy 2>/dev/null; rm -f /root/ingress-failover.txt; ip addr del " + bed.ingressVip()
                    + "/24 dev eth0 2>/dev/null; true");
        }
        for (String e : bed.nodesWithRole("elb")) {
            TestBed.waitFor(Duration.ofSeconds(20), e + " systemd running after cleanup",
                    () -> bed.exec(e, "systemctl", "is-system-running").out().equals("running"));
        }
    }
}
