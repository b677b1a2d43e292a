package dev.hardway.lesson;

import dev.hardway.cluster.ClusterConfig.Node;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.lab.Probe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The probe table of docs/lesson-format.md ("Probes"), as a {@link ProbeParser}. One entry per type: its
 * arguments, which are required, which are numbers, and whether it checks nodes one by one.
 */
public final class ProbeSpecs implements ProbeParser {

    private enum Kind { TEXT, INT, SELECTOR, NODE }

    private record Spec(Map<String, Kind> args, List<String> required, String defaultOn) {
    }

    private static final Map<String, Spec> SPECS = new LinkedHashMap<>();

    static {
        SPECS.put("service-active", new Spec(args("service", Kind.TEXT, "on", Kind.SELECTOR), List.of("service"),
                "(step)"));
        SPECS.put("file-exists", new Spec(args("path", Kind.TEXT, "on", Kind.SELECTOR), List.of("path"), "(step)"));
        SPECS.put("etcd-healthy", new Spec(args("members", Kind.INT), List.of(), null));
        SPECS.put("vip-held", new Spec(args("vip", Kind.TEXT), List.of(), null));
        SPECS.put("api-healthy", new Spec(args(), List.of(), null));
        SPECS.put("node-ready", new Spec(args("on", Kind.SELECTOR), List.of(), "workers"));
        SPECS.put("port-open", new Spec(args("host", Kind.TEXT, "port", Kind.INT, "from", Kind.NODE),
                List.of("host", "port"), null));
    }

    private static Map<String, Kind> args(Object... kv) {
        Map<String, Kind> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Kind) kv[i + 1]);
        }
        return m;
    }

    @Override
    public List<String> types() {
        return List.copyOf(SPECS.keySet());
    }

    @Override
    public List<String> arguments(String type) {
        Spec s = SPECS.get(type);
        return s == null ? List.of() : List.copyOf(s.args().keySet());
    }

    @Override
    public List<ArgProblem> check(String type, Map<String, String> args) {
        List<ArgProblem> out = new ArrayList<>();
        Spec spec = SPECS.get(type);
        if (spec == null) {
            String near = Names.nearest(type, SPECS.keySet());
            out.add(new ArgProblem(null, "unknown probe type '" + type + "'",
                    (near != null ? "probe: " + near + " (did you mean it?), or one of " : "one of ")
                            + String.join(", ", SPECS.keySet())));
            return out;
        }
        for (Map.Entry<String, String> a : args.entrySet()) {
            Kind kind = spec.args().get(a.getKey());
            if (kind == null) {
                String near = Names.nearest(a.getKey(), spec.args().keySet());
                out.add(new ArgProblem(a.getKey(), "probe " + type + " has no argument '" + a.getKey() + "'",
                        (near != null ? near + ": (did you mean it?); " : "")
                                + (spec.args().isEmpty() ? "remove it, " + type + " takes no arguments"
                                : type + " takes " + String.join(", ", spec.args().keySet()))));
                continue;
            }
            String v = a.getValue();
            if (kind == Kind.INT && !v.contains("${")) {
                try {
                    if (Integer.parseInt(v.trim()) < 1) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    out.add(new ArgProblem(a.getKey(), "'" + v + "' is not a positive whole number",
                            a.getKey() + ": 3"));
                }
            }
            if ((kind == Kind.SELECTOR || kind == Kind.NODE) && !Names.isSelectorSyntax(v)) {
                out.add(new ArgProblem(a.getKey(), "'" + v + "' is not a node selector",
                        "all, masters, workers, lbs, elbs, routers, jumpbox or node names separated by commas"));
            }
        }
        for (String r : spec.required()) {
            if (!args.containsKey(r)) {
                out.add(new ArgProblem(null, "probe " + type + " needs '" + r + "'", "add " + r + ": ..."));
            }
        }
        return out;
    }

    @Override
    public String perNodeSelector(String type, Map<String, String> args, String stepOn) {
        Spec spec = SPECS.get(type);
        if (spec == null || spec.defaultOn() == null) {
            return null;
        }
        if (args.containsKey("on")) {
            return args.get("on");
        }
        return spec.defaultOn().equals("(step)") ? stepOn : spec.defaultOn();
    }

    @Override
    public Probe build(String type, Map<String, String> a, List<String> nodes, ClusterModel cluster) {
        return switch (type) {
            case "service-active" -> new Probe.ServiceActive(a.get("service").trim(), nodes);
            case "file-exists" -> new Probe.FileExists(a.get("path").trim(), nodes);
            case "etcd-healthy" -> new Probe.EtcdHealthy(a.containsKey("members")
                    ? number(a, "members") : cluster.masters().size());
            case "vip-held" -> {
                String vip = a.get("vip");
                if (vip == null) {
                    if (!cluster.hasApiLb()) {
                        throw new IllegalArgumentException("vip-held: cluster " + cluster.name()
                                + " has no API load balancer, so there is no VIP to check. Try: give vip:, or"
                                + " guard the step with when: \"${cluster.hasApiLb?c}\"");
                    }
                    vip = cluster.config().loadbalancers().api().vip();
                }
                yield new Probe.VipHeld(vip.trim());
            }
            case "api-healthy" -> new Probe.ApiHealthy();
            case "node-ready" -> new Probe.NodeReady(nodes);
            case "port-open" -> new Probe.PortOpen(a.get("host").trim(), number(a, "port"), from(a, cluster));
            default -> throw new IllegalArgumentException("unknown probe type '" + type + "'. Try: one of "
                    + String.join(", ", SPECS.keySet()));
        };
    }

    private static String from(Map<String, String> a, ClusterModel cluster) {
        if (a.containsKey("from")) {
            return cluster.resolve(a.get("from")).get(0).name();
        }
        return cluster.jumpbox().map(Node::name).orElseGet(() -> cluster.nodes().get(0).name());
    }

    private static int number(Map<String, String> a, String key) {
        try {
            return Integer.parseInt(a.get(key).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + a.get(key) + "' is not a whole number. Try: " + key
                    + ": 3", e);
        }
    }
}
