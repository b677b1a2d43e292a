package dev.hardway.lab.probe;

import dev.hardway.Problem;
import dev.hardway.lab.Probe;
import dev.hardway.lab.ProbeCommands;
import dev.hardway.lab.ProbeResult;
import dev.hardway.lab.real.KubeOutput;
import dev.hardway.lab.real.ToolOutput;
import dev.hardway.lab.sim.SimWorkloads;
import dev.hardway.target.ExecResult;
import dev.hardway.target.TargetException;
import java.util.List;
import java.util.Optional;

/**
 * The lesson probe {@code secret-encrypted}: a Secret as etcd holds it ({@code etcdctl get | hexdump -C} on a
 * master) starts with the encryption provider's prefix ({@code k8s:enc:secretbox:v1:key1}) and does not show its
 * value in clear. A plaintext Secret is named as the trap it is: kube-apiserver started without the encryption
 * config, or the Secret was written before.
 *
 * <p>The simulated lab knows whether a Secret was written encrypted, not with which provider (lesson 04 writes the
 * config in a script): there, encrypted means with the provider the check names.
 */
public final class SecretProbe implements ProbeKind<Probe.SecretEncrypted, ProbeResult> {

    public static final SecretProbe INSTANCE = new SecretProbe();

    private SecretProbe() {
    }

    private static String subject(Probe.SecretEncrypted p) {
        return "Secret " + p.namespace() + "/" + p.name() + " encrypted at rest";
    }

    private static String key(Probe.SecretEncrypted p) {
        return "/registry/secrets/" + p.namespace() + "/" + p.name();
    }

    @Override
    public ProbeResult real(RealProbing lab, Probe.SecretEncrypted p) {
        String cmd = ProbeCommands.secretHexdump(lab.cluster(), p.namespace(), p.name());
        List<String> cmds = List.of(ProbeCommands.on(p.from(), cmd));
        try {
            ExecResult r = lab.exec(p.from(), cmd);
            if (!r.ok()) {
                String err = ToolOutput.lastLine(r.stderr());
                return ProbeResult.fail(p.type(), subject(p) + ": could not be read", List.of(Problem.error(p.from()
                        + ": etcdctl get " + key(p) + " failed: " + (err.isEmpty() ? "exit " + r.exitCode() : err),
                        err.contains("hexdump") ? "apt-get install bsdextrautils on " + p.from()
                        : "check etcd (etcdctl needs https:// endpoints and the TLS flags)")), cmds);
            }
            byte[] value = KubeOutput.hexdump(r.stdout());
            return judge(p, value.length > 0, KubeOutput.encryptionPrefix(value),
                    KubeOutput.contains(value, p.plaintext()), null, cmds);
        } catch (TargetException e) {
            return ProbeResult.fail(p.type(), subject(p) + ": could not be read", List.of(RealProbing.problemOf(e)), cmds);
        }
    }

    @Override
    public ProbeResult sim(SimProbing lab, Probe.SecretEncrypted p) {
        List<String> cmds = List.of(ProbeCommands.on(p.from(), ProbeCommands.secretHexdump(lab.cluster(),
                p.namespace(), p.name())));
        SimWorkloads.AtRest s = SimWorkloads.of(lab.model()).secret(p.namespace(), p.name());
        if (!s.found()) {
            return ProbeResult.fail(p.type(), subject(p) + ": not in etcd", List.of(s.problem().prefixed(p.from() + ": ")), cmds);
        }
        boolean clear = !s.encrypted() && s.data().values().stream().anyMatch(v -> v.contains(p.plaintext()));
        return judge(p, true, s.encrypted() ? Optional.of(p.prefix()) : Optional.empty(), clear, s.problem() == null ? null : s.problem().what(), cmds);
    }

    /**
     * The one verdict of both labs.
     *
     * @param prefix the provider prefix the value starts with, empty when it is not encrypted
     * @param why    the simulated lab's reason for plaintext (null on real nodes)
     */
    static ProbeResult judge(Probe.SecretEncrypted p, boolean found, Optional<String> prefix, boolean clear,
                             String why, List<String> cmds) {
        if (!found) {
            return ProbeResult.fail(p.type(), subject(p) + ": not in etcd", List.of(Problem.error(p.from() + ": etcd has no key "
                    + key(p) + " (the Secret was never created)", "kubectl -n " + p.namespace()
                    + " get secret " + p.name())), cmds);
        }
        if (prefix.isEmpty()) {
            return ProbeResult.fail(p.type(), subject(p) + ": no, stored as plaintext", List.of(Problem.error(key(p)
                    + " is stored as plaintext in etcd" + (clear ? " ('" + p.plaintext() + "' is readable in the"
                    + " hexdump)" : "") + ": " + (why != null ? why : "kube-apiserver had no encryption config"
                    + " when it wrote it"), SimWorkloads.ENCRYPTION_CONFIG + " (lesson 04) on every"
                    + " master and --encryption-provider-config in the kube-apiserver unit, restart kube-apiserver,"
                    + " then rewrite the Secret: kubectl -n " + p.namespace() + " get secret " + p.name()
                    + " -o json | kubectl replace -f -")), cmds);
        }
        if (!prefix.get().equals(p.prefix())) {
            return ProbeResult.fail(p.type(), subject(p) + ": with " + prefix.get() + ", not " + p.prefix(), List.of(
                    Problem.error(key(p) + " is encrypted with " + prefix.get() + ", not " + p.prefix() + ": the first provider of the apiserver's encryption config is another one", "compare " + SimWorkloads.ENCRYPTION_CONFIG + " on every master with lesson 04's")), cmds);
        }
        if (clear) {
            return ProbeResult.fail(p.type(), subject(p) + ": '" + p.plaintext() + "' readable", List.of(Problem.error(key(p)
                    + " starts with " + prefix.get() + " but '" + p.plaintext() + "' is readable in it", "look at the hexdump yourself")), cmds);
        }
        return ProbeResult.pass(p.type(), subject(p) + " (" + prefix.get() + ", '" + p.plaintext() + "' not in clear)",
                cmds).about(subject(p));
    }
}
