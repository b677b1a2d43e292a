package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.inspect.CertParser;
import dev.hardway.lab.inspect.CertReport;
import dev.hardway.lab.inspect.CertReport.Cert;
import dev.hardway.lab.inspect.CertRules;
import dev.hardway.lab.inspect.ScriptSections;
import dev.hardway.lab.probe.RealProbing.Outcome;
import dev.hardway.lab.sim.SimModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The certificates the lessons put on a node, or on every node when the query is null ({@code inspect certs}):
 * subject, SANs, usages, expiry and the classic mistakes ({@link CertRules}). Real: openssl on each file; simulated:
 * what the lessons' openssl configs make ({@link SimCerts}), without dates.
 */
public final class CertProbe implements ProbeKind<String, CertReport> {

    public static final CertProbe INSTANCE = new CertProbe();

    private CertProbe() {
    }

    private static String shown() {
        return CertParser.command("<each certificate in " + String.join(" ", CertRules.GLOBS) + ">");
    }

    @Override
    public CertReport real(RealProbing lab, String node) {
        ClusterModel c = lab.cluster();
        List<Node> nodes = node == null ? c.nodes() : List.of(Roles.node(c, node));
        List<String> commands = new ArrayList<>();
        Map<String, ScriptSections> plan = new LinkedHashMap<>();
        nodes.forEach(n -> plan.put(n.name(), new ScriptSections().add("certs",
                CertParser.listingScript(CertRules.GLOBS))));
        Map<String, Outcome> res = lab.run(plan, lab.faults(), new ArrayList<>());
        List<Cert> certs = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Node n : nodes) {
            Outcome o = res.get(n.name());
            commands.add(ProbeCommands.on(n.name(), shown()));
            if (!o.ok()) {
                problems.add(o.problem());
                continue;
            }
            for (CertParser.Parsed p : CertParser.parseListing(o.s("certs").out())) {
                if (p.error() != null) {
                    problems.add(Problem.error(n.name() + ": " + p.path() + " could not be read by openssl (" + p.error() + ")", "openssl x509 -in " + p.path() + " -noout -text (on " + n.name() + ")"));
                    continue;
                }
                Cert cert = new Cert(n.name(), p.path(), p.subject(), p.issuer(), p.commonName(), p.sans(),
                        p.keyUsage(), p.extKeyUsage(), p.ca(), p.notAfter(), List.of());
                certs.add(cert.withFindings(CertRules.check(c, n.name(), cert, lab.clock().instant())));
            }
        }
        return new CertReport(false, certs, problems, commands);
    }

    @Override
    public CertReport sim(SimProbing lab, String node) {
        SimModel m = lab.model();
        ClusterModel c = lab.cluster();
        List<Node> nodes = node == null ? c.nodes() : List.of(Roles.node(c, node));
        List<Cert> certs = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        for (Node n : nodes) {
            if (!m.isUp(n.name())) {
                problems.add(Problem.error(n.name() + " is powered off (simulated): its certificates cannot be read", "heal " + n.name()));
                continue;
            }
            commands.add(ProbeCommands.on(n.name(), shown()));
            for (String path : SimCerts.candidates(c, n)) {
                if (m.file(n.name(), path).isEmpty()) {
                    continue;
                }
                Cert cert = SimCerts.derive(c, n, path);
                String dropped = dev.hardway.lab.sim.SimCertFault.droppedSan(m.file(n.name(), path));
                if (cert != null && dropped != null) {
                    cert = SimCerts.without(cert, "IP:" + dropped);
                }
                if (cert != null) {
                    certs.add(cert.withFindings(CertRules.check(c, n.name(), cert, null)));
                }
            }
        }
        return new CertReport(true, certs, problems, commands);
    }
}
