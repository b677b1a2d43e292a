package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.lab.HaproxyStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The known wrong states of lesson 13's ingress pair (k8s-1.37-notes §13), each named with its fix, decided on
 * facts both labs have: the configs' text, haproxy's backend rows, the sysctl, keepalived's journal. The real probe
 * reads them on the nodes, the simulated one from the files the steps uploaded; the wording is this class's only.
 */
public final class IngressTraps {

    private static final Pattern VRID = Pattern.compile("^\\s*virtual_router_id\\s+(\\d+)", Pattern.MULTILINE);
    private static final Pattern BIND = Pattern.compile("^\\s*bind\\s+(\\S*):(\\d+)", Pattern.MULTILINE);

    private IngressTraps() {
    }

    /** The first {@code virtual_router_id} of a keepalived.conf text (empty when none or no text). */
    public static OptionalInt vrid(String keepalivedConf) {
        if (keepalivedConf == null) {
            return OptionalInt.empty();
        }
        Matcher m = VRID.matcher(keepalivedConf);
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    /** The ingress pair uses the API pair's VRID on the same network: each pair takes the other's adverts. */
    public static Problem vridClash(String elb, OptionalInt elbVrid, OptionalInt apiVrid) {
        if (elbVrid.isEmpty() || apiVrid.isEmpty() || elbVrid.getAsInt() != apiVrid.getAsInt()) {
            return null;
        }
        return Problem.error(elb + ": keepalived uses virtual_router_id " + elbVrid.getAsInt() + ", the API pair's too: both"
                + " pairs are on the node network, where a VRID names one virtual router, so they take each other's adverts (VIPs flap or sit on the wrong pair)", "virtual_router_id 52 in the INGRESS_VIP instance of /etc/keepalived/keepalived.conf on every elb, then systemctl restart keepalived");
    }

    /**
     * keepalived 2.x without {@code enable_script_security}: it logs a SECURITY VIOLATION for the track script.
     *
     * @param violation the journal since keepalived's last start has the message (real), or the config has a
     *                  vrrp_script and no enable_script_security (simulated)
     */
    public static Problem scriptSecurity(String elb, boolean violation) {
        return !violation ? null : Problem.error(elb + ": keepalived says `SECURITY VIOLATION - scripts are being"
                + " executed but script_security not enabled`: the track script runs without the checks keepalived"
                + " 2.x wants", "enable_script_security and script_user root in global_defs of"
                + " /etc/keepalived/keepalived.conf, then systemctl restart keepalived");
    }

    /** The simulated lab's stand-in for the journal line: a vrrp_script without enable_script_security. */
    public static boolean wouldWarnScriptSecurity(String keepalivedConf) {
        return keepalivedConf != null && keepalivedConf.contains("vrrp_script")
                && !keepalivedConf.contains("enable_script_security");
    }

    /** The address the frontend binds (the part before ':' of the first bind line), or null. */
    public static String bindAddress(String haproxyCfg) {
        if (haproxyCfg == null) {
            return null;
        }
        Matcher m = BIND.matcher(haproxyCfg);
        return m.find() ? m.group(1) : null;
    }

    /**
     * haproxy binds the VIP itself and the node may not bind foreign addresses: it does not start where the VIP is
     * not (the BACKUP), so a failover lands on a node with no haproxy.
     */
    public static Problem bindsVip(String elb, String bindAddress, String vip, boolean nonlocalBind, boolean holds) {
        if (bindAddress == null || !bindAddress.equals(vip) || nonlocalBind || holds) {
            return null;
        }
        return Problem.error(elb + ": haproxy.cfg binds the VIP " + vip + " itself, which " + elb + " does not hold, and"
                + " net.ipv4.ip_nonlocal_bind is 0: haproxy cannot start here (cannot bind socket), so the VIP has nowhere to fail over to", "bind *:<port> as lesson 13 does (or sysctl -w net.ipv4.ip_nonlocal_bind=1 in /etc/sysctl.d)");
    }

    /**
     * The DOWN NodePort backends of one elb, each with what its check status means. Some UP and some DOWN also
     * names externalTrafficPolicy: Local, where only workers with a pod of the Service pass.
     */
    public static List<Problem> backends(String elb, List<HaproxyStatus.Backend> rows, List<String> workers,
                                        int nodePort) {
        List<Problem> out = new ArrayList<>();
        List<String> named = rows.stream().map(HaproxyStatus.Backend::server).toList();
        for (String w : workers) {
            if (!named.contains(w)) {
                out.add(Problem.error(elb + ": haproxy has no server " + w + " in its backend, so " + w + " never gets traffic.", "a `server " + w + " <its IP>:" + nodePort + " check` line in /etc/haproxy/haproxy.cfg"));
            }
        }
        long up = rows.stream().filter(HaproxyStatus.Backend::up).count();
        for (HaproxyStatus.Backend b : rows) {
            if (b.up()) {
                continue;
            }
            String check = b.checkStatus() == null ? "" : b.checkStatus();
            Problem why = check.startsWith("L4CON") ? Problem.error("connection refused: nothing listens on its"
                    + " NodePort " + nodePort + " (kube-proxy down there, or no Service has nodePort " + nodePort + ")",
                    "systemctl status kube-proxy on " + b.server() + "; kubectl get svc web")
                    : check.startsWith("L4TOUT") ? Problem.error("the check timed out: " + b.server() + " is down or"
                    + " cut off", "inspect node " + b.server())
                    : check.startsWith("L7") ? Problem.error("it answers, but not with 2xx/3xx (" + check + "): the URI"
                    + " of `http-check send` or `http-check expect` does not fit the application, or the Service has"
                    + " no ready endpoints", "curl -i http://<worker IP>:" + nodePort + "/ from " + elb)
                    : b.status().equals("no check") ? Problem.error("it is not health-checked, so haproxy cannot take"
                    + " it out", "add `check` to its server line")
                    : Problem.error("its state is " + b.status() + (check.isEmpty() ? "" : " (" + check + ")"),
                    "echo 'show servers state' | socat stdio /run/haproxy/admin.sock on " + elb);
            if (b.status().equals("no check")) {
                out.add(why.prefixed(elb + ": backend " + b.server() + ": "));
                continue;
            }
            out.add(why.prefixed(elb + ": backend " + b.server() + " is DOWN: ").suffixed(up > 0
                    && !check.startsWith("L4TOUT") ? " (with externalTrafficPolicy: Local only workers running a pod"
                    + " of the Service pass the check)" : ""));
        }
        return out;
    }
}
