package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.Verdicts;
import dev.hardway.lab.Verdicts.NodeCheck;
import dev.hardway.lab.real.KubeOutput;
import dev.hardway.lab.real.ToolOutput;
import dev.hardway.lab.sim.SimWorkloads;
import dev.hardway.target.ExecResult;
import dev.hardway.target.TargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lesson probe {@code dns-resolves}: a name resolves through the cluster DNS, asked from nodes
 * ({@code dig @<cluster_dns>}, through kube-proxy's rules for the ClusterIP) or from inside a pod
 * ({@code kubectl exec deploy/X -- getent hosts}, with the resolv.conf its kubelet wrote). A pod whose nameserver
 * is not the cluster DNS is named as the trap it is (kubelet clusterDNS ≠ the Service IP).
 */
public final class DnsProbe implements ProbeKind<Probe.DnsResolves, ProbeResult> {

    public static final DnsProbe INSTANCE = new DnsProbe();

    private DnsProbe() {
    }

    private static String subject(Probe.DnsResolves p) {
        return p.name() + " resolves" + (p.address() == null ? "" : " to " + p.address());
    }

    /** Whether the answers are right; null, or what is wrong with them. */
    static String wrong(Probe.DnsResolves p, List<String> addresses) {
        if (addresses.isEmpty()) {
            return p.name() + " has no address (NXDOMAIN)";
        }
        if (p.address() != null && !addresses.contains(p.address())) {
            return p.name() + " resolves to " + String.join(", ", addresses) + ", not " + p.address();
        }
        return null;
    }

    @Override
    public ProbeResult real(RealProbing lab, Probe.DnsResolves p) {
        if (p.pod() != null) {
            return realFromPod(lab, p);
        }
        String cmd = ProbeCommands.dig(p.server(), p.name());
        List<String> cmds = p.nodes().stream().map(n -> ProbeCommands.on(n, cmd)).toList();
        List<NodeCheck> checks = lab.onNodes(p.nodes(), n -> cmd, (n, r) -> {
            if (r.exitCode() == 127) {
                return NodeCheck.fail(n, Problem.error(n + ": dig is not installed", "apt-get install bind9-dnsutils on " + n));
            }
            KubeOutput.Dig d = KubeOutput.dig(r.stdout());
            if (d.timedOut() || r.exitCode() == 9) {
                return NodeCheck.fail(n, Problem.error(n + ": no answer from " + p.server() + " (timed out)", "kubectl -n kube-system get pods,svc -l k8s-app=kube-dns -o wide; systemctl status kube-proxy on " + n));
            }
            String bad = wrong(p, d.addresses());
            return bad == null ? NodeCheck.ok(n) : NodeCheck.fail(n, Problem.error(n + ": " + bad, "kubectl get services -A; kubectl -n kube-system logs -l k8s-app=kube-dns"));
        }, (n, e) -> NodeCheck.fail(n, RealProbing.unreachable(n, e)));
        return Verdicts.perNode(p.type(), subject(p), checks, cmds);
    }

    private ProbeResult realFromPod(RealProbing lab, Probe.DnsResolves p) {
        String from = lab.cluster().clientNode();
        String cmd = ProbeCommands.podExec(p.namespace(), p.pod(), ProbeCommands.getent(p.name()));
        List<String> cmds = new ArrayList<>(List.of(ProbeCommands.on(from, cmd)));
        try {
            ExecResult r = lab.exec(from, cmd);
            List<String> addrs = KubeOutput.getent(r.stdout());
            String bad = r.ok() || r.exitCode() == 2 ? wrong(p, addrs) : p.pod() + ": kubectl exec failed: "
                    + ToolOutput.lastLine(r.stderr());
            if (bad == null) {
                return ProbeResult.pass(p.type(), subject(p) + " from " + p.pod(), cmds).about(subject(p));
            }
            String resolv = ProbeCommands.podExec(p.namespace(), p.pod(), "cat /etc/resolv.conf");
            cmds.add(ProbeCommands.on(from, resolv));
            Optional<String> ns = KubeOutput.nameserver(lab.exec(from, resolv).stdout());
            return fromPodFailed(p, Problem.error(bad, null), ns.orElse(null), cmds);
        } catch (TargetException e) {
            return ProbeResult.fail(p.type(), subject(p) + ": could not be asked", List.of(RealProbing.problemOf(e)), cmds);
        }
    }

    static ProbeResult fromPodFailed(Probe.DnsResolves p, Problem bad, String nameserver, List<String> cmds) {
        List<Problem> problems = new ArrayList<>();
        problems.add((bad.fix() != null ? bad : bad.withFix("kubectl -n kube-system get pods,svc -l k8s-app=kube-dns"
                + " -o wide")).prefixed("from " + p.pod() + " in " + p.namespace() + ": "));
        if (nameserver != null && !nameserver.equals(p.server())) {
            problems.add(Problem.error("the pod's /etc/resolv.conf names nameserver " + nameserver + ", not the cluster DNS "
                    + p.server() + " (kubelet clusterDNS ≠ the kube-dns Service IP)", "clusterDNS: [" + p.server()
                    + "] in /var/lib/kubelet/kubelet-config.yaml on every worker, restart kubelet, recreate the pod"));
        }
        return ProbeResult.fail(p.type(), subject(p) + ": no (from " + p.pod() + ")", problems, cmds)
                .about(subject(p));
    }

    @Override
    public ProbeResult sim(SimProbing lab, Probe.DnsResolves p) {
        SimWorkloads w = SimWorkloads.of(lab.model());
        if (p.pod() != null) {
            String from = lab.cluster().clientNode();
            List<String> cmds = List.of(ProbeCommands.on(from, ProbeCommands.podExec(p.namespace(), p.pod(),
                    ProbeCommands.getent(p.name()))));
            SimWorkloads.Lookup l = w.resolveFromPod(p.namespace(), p.pod().substring("deploy/".length()), p.name());
            Problem bad = l.ok() ? (wrong(p, l.addresses()) == null ? null
                    : Problem.error(wrong(p, l.addresses()), null)) : l.problem();
            if (bad == null) {
                return ProbeResult.pass(p.type(), subject(p) + " from " + p.pod(), cmds).about(subject(p));
            }
            String nameserver = w.pods().stream().filter(x -> x.namespace().equals(p.namespace())
                    && ("deploy/" + x.deployment()).equals(p.pod()) && x.running()).findFirst()
                    .map(x -> w.podNameserver(x.node())).orElse(null);
            return fromPodFailed(p, bad, nameserver, cmds);
        }
        String cmd = ProbeCommands.dig(p.server(), p.name());
        List<NodeCheck> checks = p.nodes().stream().map(n -> {
            SimWorkloads.Lookup l = w.resolve(n, p.server(), p.name());
            if (!l.ok()) {
                return NodeCheck.fail(n, l.problem());
            }
            String bad = wrong(p, l.addresses());
            return bad == null ? NodeCheck.ok(n) : NodeCheck.fail(n, Problem.error(n + ": " + bad, "kubectl get services -A"));
        }).toList();
        return Verdicts.perNode(p.type(), subject(p), checks, p.nodes().stream().map(n -> ProbeCommands.on(n, cmd))
                .toList());
    }
}
