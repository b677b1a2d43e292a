package dev.hardway.target.ssh;

import dev.hardway.Problem;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import dev.hardway.target.TargetException;
import dev.hardway.target.TargetException.Kind;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;

/** Turns JSch's exceptions into one-line {@link TargetException}s a learner can act on. */
final class SshErrors {

    private SshErrors() {
    }

    static TargetException connectFailed(SshEndpoint ep, Exception e, KnownHostsStore.Mismatch mismatch,
                                         java.nio.file.Path knownHosts, long connectTimeoutMillis) {
        if (e instanceof JSchChangedHostKeyException || mismatch != null) {
            String recorded = mismatch == null ? "another key" : String.join(" or ", mismatch.recorded());
            String presented = mismatch == null ? "a new key" : mismatch.presented();
            String type = mismatch == null ? "" : " " + mismatch.keyType();
            String name = mismatch == null ? ep.host() : mismatch.knownHostsName();
            return new TargetException(Kind.HOST_KEY_MISMATCH, ep.node(), ep.address(),
                    Problem.error("host key changed: known_hosts has " + recorded + ", the host now presents" + type
                            + " " + presented + " (the VM was recreated, or someone is in between)", "if the node was rebuilt, ssh-keygen -R " + shellWord(name) + " -f " + knownHosts
                            + " and reconnect to trust the new key"), e);
        }
        Throwable root = rootCause(e);
        if (root instanceof ConnectException && lower(root).contains("refused")) {
            return new TargetException(Kind.REFUSED, ep.node(), ep.address(), Problem.error("connection refused: sshd is not running or listens on another port", "start the node (cluster status) or check ssh.port in the cluster config"), e);
        }
        if (root instanceof NoRouteToHostException || root instanceof ConnectException) {
            return new TargetException(Kind.UNREACHABLE, ep.node(), ep.address(), Problem.error("unreachable (" + oneLine(root) + ")", "cluster status, and check the node is up and its IP is right"), e);
        }
        if (root instanceof UnknownHostException) {
            return new TargetException(Kind.UNREACHABLE, ep.node(), ep.address(), Problem.error("unknown host " + ep.host(), "check the node's ip in the cluster config"), e);
        }
        if (root instanceof SocketTimeoutException || lower(e).contains("timeout")) {
            return new TargetException(Kind.UNREACHABLE, ep.node(), ep.address(), Problem.error("no answer within "
                    + connectTimeoutMillis / 1000.0 + " s (host down or firewalled)", "cluster status, then cluster up if the node is off"), e);
        }
        String msg = lower(e);
        if (msg.startsWith("auth fail") || msg.startsWith("auth cancel")) {
            return new TargetException(Kind.AUTH_FAILED, ep.node(), ep.address(), Problem.error("the server rejected key "
                    + ep.keyPath() + " for user " + ep.user(), "ssh -i " + ep.keyPath() + " -p " + ep.port()
                    + " " + ep.user() + "@" + ep.host() + ", and check ssh.user/ssh.key in the cluster config and the "
                    + "node's authorized_keys"), e);
        }
        if (msg.contains("session is down") || msg.contains("end of io stream")
                || msg.contains("connection is closed by foreign host") || msg.contains("connection reset")) {
            return new TargetException(Kind.IO, ep.node(), ep.address(), Problem.error("connection closed by the server during the "
                    + "handshake (" + oneLine(e) + ")", "check the node's sshd log (journalctl -u ssh)"), e);
        }
        return new TargetException(Kind.IO, ep.node(), ep.address(), Problem.error("SSH failed: " + oneLine(e), "ssh -i " + ep.keyPath() + " -p " + ep.port() + " " + ep.user() + "@" + ep.host()
                + " to see what the server says"), e);
    }

    static TargetException keyUnreadable(SshEndpoint ep, JSchException e) {
        return new TargetException(Kind.AUTH_FAILED, ep.node(), ep.address(), Problem.error("cannot use "
                + "private key " + ep.keyPath() + " for user " + ep.user() + " (" + oneLine(e) + ")", "check ssh.key in the cluster config points at a readable OpenSSH private key without a passphrase"), e);
    }

    static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    static String oneLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            m = t.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return (nl >= 0 ? m.substring(0, nl) : m).trim();
    }

    private static String lower(Throwable t) {
        return oneLine(t).toLowerCase(Locale.ROOT);
    }

    private static String shellWord(String s) {
        return s.matches("[A-Za-z0-9_.:-]+") ? s : "'" + s + "'";
    }
}
