package dev.hardway.lab.drill;

import dev.hardway.cluster.ClusterConfig;
import dev.hardway.cluster.ClusterLoader;
import dev.hardway.cluster.ClusterModel;
import dev.hardway.cluster.ConfigException;
import dev.hardway.lab.fault.PowerControl;
import dev.hardway.target.ExecOptions;
import dev.hardway.target.ExecResult;
import dev.hardway.target.FanOut;
import dev.hardway.target.OutputListener;
import dev.hardway.target.TargetException;
import dev.hardway.target.ssh.HostKeyListener;
import dev.hardway.target.ssh.SshEndpoint;
import dev.hardway.target.ssh.SshOptions;
import dev.hardway.target.ssh.SshTargetPool;
import dev.hardway.testbed.TestBed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The test bed as the shell sees it (its generated cluster.yaml, hardway's own SSH pool), plus what the drills
 * need on it: a 3-member TLS etcd (certificates made here with openssl, the node's /usr/bin/etcd in a unit as the
 * lessons install it) and haproxy + keepalived (unicast VRRP, VIP 10.240.0.10) on lb1/lb2. {@link #teardown}
 * removes every unit, file and rule it added, so other ITs sharing the lab see the nodes as they were.
 */
final class TestBedLab {

    static final String DATA = "/var/lib/etcd/hardway-it";

    final TestBed bed;
    final ClusterConfig config;
    final ClusterModel cluster;
    final SshTargetPool pool;
    final Path work;

    TestBedLab(TestBed bed, Path work) {
        this.bed = bed;
        this.work = work;
        try {
            this.config = new ClusterLoader().load(bed.clusterYaml());
        } catch (ConfigException e) {
            throw new IllegalStateException(bed.clusterYaml() + " does not load: " + e.getMessage(), e);
        }
        this.cluster = new ClusterModel(config);
        try {
            Files.createDirectories(work);
            Path kh = Files.copy(bed.knownHosts(), work.resolve("known_hosts"), StandardCopyOption.REPLACE_EXISTING);
            this.pool = new SshTargetPool(SshEndpoint.fromCluster(config, Path.of(System.getProperty("user.home"))),
                    kh, SshOptions.DEFAULTS.withConnectTimeout(Duration.ofSeconds(5)), HostKeyListener.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test bed's own power switch: {@code lab.sh poweroff} (a hard cut) and {@code lab.sh boot}. */
    PowerControl power() {
        return new PowerControl() {
            @Override
            public boolean available() {
                return true;
            }

            @Override
            public void powerOff(String node) {
                bed.poweroff(node);
            }

            @Override
            public void powerOn(String node) {
                bed.boot(node);
            }
        };
    }

    List<String> masters() {
        return cluster.masters().stream().map(ClusterConfig.Node::name).toList();
    }

    List<String> lbs() {
        return cluster.apiLbs().stream().map(ClusterConfig.Node::name).toList();
    }

    ExecResult exec(String node, String script) {
        try {
            return pool.target(node).exec(script, ExecOptions.timeout(Duration.ofSeconds(60)), OutputListener.NONE);
        } catch (TargetException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    ExecResult ok(String node, String script) {
        ExecResult r = exec(node, script);
        if (!r.ok()) {
            throw new IllegalStateException(node + ": exit " + r.exitCode() + "\n" + r.stdout() + r.stderr());
        }
        return r;
    }

    void put(String node, String path, byte[] content, String mode) {
        try {
            pool.target(node).put(path, content, mode, null);
        } catch (TargetException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------------------------------------- setup --

    private void openssl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("openssl " + String.join(" ", args) + ": " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private byte[] read(String file) {
        try {
            return Files.readAllBytes(work.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CA and one server+peer certificate per master, as lesson 02 makes them (SANs incl. the VIP; both EKUs). */
    void makePki() {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                "ca-key.pem", "-out", "ca.pem", "-days", "365", "-subj", "/CN=testbed Kubernetes CA");
        String vip = bed.vip();
        for (ClusterConfig.Node m : cluster.masters()) {
            String n = m.name();
            openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                    n + "-key.pem", "-out", n + ".csr", "-subj", "/CN=" + n + "/O=etcd");
            try {
                Files.writeString(work.resolve(n + ".ext"), "subjectAltName=IP:" + m.ip() + ",IP:127.0.0.1,IP:" + vip
                        + ",DNS:" + n + ",DNS:localhost\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                        + "extendedKeyUsage=serverAuth,clientAuth\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            openssl("x509", "-req", "-in", n + ".csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
                    "-days", "365", "-out", n + ".pem", "-extfile", n + ".ext");
        }
    }

    String etcdUnit(ClusterConfig.Node m) {
        String ip = m.ip();
        return "[Unit]\nDescription=etcd (hardway FaultDrillIT)\n[Service]\nType=notify\n"
                + "ExecStart=/usr/bin/etcd --name " + m.name() + " --data-dir " + DATA + " \\\n"
                + "  --cert-file=/etc/etcd/server.pem --key-file=/etc/etcd/server-key.pem"
                + " --trusted-ca-file=/etc/etcd/ca.pem --client-cert-auth \\\n"
                + "  --peer-cert-file=/etc/etcd/server.pem --peer-key-file=/etc/etcd/server-key.pem"
                + " --peer-trusted-ca-file=/etc/etcd/ca.pem --peer-client-cert-auth \\\n"
                + "  --listen-peer-urls https://" + ip + ":2380 --initial-advertise-peer-urls https://" + ip + ":2380 \\\n"
                + "  --listen-client-urls https://" + ip + ":2379,https://127.0.0.1:2379 --advertise-client-urls https://"
                + ip + ":2379 \\\n"
                + "  --initial-cluster " + cluster.etcdInitialCluster() + " --initial-cluster-token hardway-it"
                + " --initial-cluster-state new\n"
                + "Restart=on-failure\nRestartSec=1\n[Install]\nWantedBy=multi-user.target\n";
    }

    void installEtcd() {
        makePki();
        for (ClusterConfig.Node m : cluster.masters()) {
            String n = m.name();
            ok(n, "systemctl disable --now etcd 2>/dev/null; rm -rf " + DATA + "; mkdir -p " + DATA + " && chmod 700 "
                    + DATA);
            put(n, "/etc/etcd/ca.pem", read("ca.pem"), "0644");
            put(n, "/etc/etcd/server.pem", read(n + ".pem"), "0644");
            put(n, "/etc/etcd/server-key.pem", read(n + "-key.pem"), "0600");
            put(n, "/etc/systemd/system/etcd.service", etcdUnit(m).getBytes(StandardCharsets.UTF_8), "0644");
        }
        // Type=notify: `enable --now` on one member blocks until a quorum exists, so start them together
        new FanOut(pool).run(masters(), t -> t.exec("systemctl daemon-reload && systemctl enable --now --no-block etcd",
                ExecOptions.timeout(Duration.ofSeconds(60)), OutputListener.NONE));
    }

    String haproxyCfg() {
        StringBuilder b = new StringBuilder("global\n  stats socket /run/haproxy/admin.sock mode 660 level admin\n"
                + "defaults\n  mode tcp\n  timeout connect 2s\n  timeout client 30s\n  timeout server 30s\n"
                + "frontend api\n  bind *:6443\n  default_backend apiservers\nbackend apiservers\n  balance roundrobin\n");
        cluster.masters().forEach(m -> b.append("  server ").append(m.name()).append(' ').append(m.ip())
                .append(":2379 check inter 1s fall 2 rise 2\n"));
        return b.toString();
    }

    String keepalivedConf(ClusterConfig.Node lb, int index) {
        String peer = cluster.apiLbs().stream().filter(x -> !x.name().equals(lb.name())).map(ClusterConfig.Node::ip)
                .findFirst().orElseThrow();
        return "global_defs {\n  router_id " + lb.name() + "\n  enable_script_security\n  script_user root\n}\n"
                + "vrrp_script chk_haproxy {\n  script \"/usr/bin/systemctl is-active --quiet haproxy\"\n"
                + "  interval 1\n  fall 2\n  rise 2\n}\n"
                + "vrrp_instance API_VIP {\n  state " + (index == 0 ? "MASTER" : "BACKUP") + "\n  interface eth0\n"
                + "  virtual_router_id 51\n  priority " + (101 - index) + "\n  advert_int 1\n"
                + "  unicast_src_ip " + lb.ip() + "\n  unicast_peer {\n    " + peer + "\n  }\n"
                + "  virtual_ipaddress {\n    " + bed.vip() + "/24 dev eth0\n  }\n"
                + "  track_script {\n    chk_haproxy\n  }\n}\n";
    }

    void installLbs() {
        for (int i = 0; i < cluster.apiLbs().size(); i++) {
            ClusterConfig.Node lb = cluster.apiLbs().get(i);
            ok(lb.name(), "f=/etc/haproxy/haproxy.cfg; [ ! -e $f ] || [ -e $f.hardway-it-orig ] || cp -a $f"
                    + " $f.hardway-it-orig");
            put(lb.name(), "/etc/haproxy/haproxy.cfg", haproxyCfg().getBytes(StandardCharsets.UTF_8), "0644");
            put(lb.name(), "/etc/keepalived/keepalived.conf", keepalivedConf(lb, i).getBytes(StandardCharsets.UTF_8),
                    "0644");
        }
        new FanOut(pool).run(lbs(), t -> t.exec("mkdir -p /run/haproxy && systemctl enable --now haproxy keepalived",
                ExecOptions.timeout(Duration.ofSeconds(60)), OutputListener.NONE));
    }

    // ------------------------------------------------------------------------------------------- teardown --

    /** Undoes everything: boots nodes left off, removes rules, units, configs and data. Never throws. */
    void teardown() {
        for (String n : bed.nodeNames()) {
            if (!bed.lab(Duration.ofSeconds(20), "exec", n, "--", "true").ok()) {
                try {
                    bed.boot(n);
                } catch (Throwable ignored) {
                    // reported by the next test's status check
                }
            }
        }
        for (String m : masters()) {
            quietly(m, "systemctl disable --now etcd; rm -f /etc/systemd/system/etcd.service; systemctl daemon-reload;"
                    + " systemctl reset-failed etcd; rm -rf " + DATA + " /etc/etcd");
        }
        for (String l : lbs()) {
            quietly(l, "systemctl disable --now keepalived haproxy; systemctl reset-failed keepalived haproxy;"
                    + " rm -f /etc/keepalived/keepalived.conf; f=/etc/haproxy/haproxy.cfg; [ ! -e $f.hardway-it-orig ]"
                    + " || mv -f $f.hardway-it-orig $f; ip addr del " + bed.vip() + "/24 dev eth0");
        }
        for (String n : bed.nodeNames()) {
            quietly(n, "iptables -S | grep -- '--comment hardway-fault' | sed 's/^-A /-D /' | while read -r r; do eval"
                    + " iptables \"$r\"; done");
        }
        pool.close();
    }

    private void quietly(String node, String script) {
        bed.lab(Duration.ofSeconds(60), "exec", node, "--", "bash", "-c", script + "; true");
    }
}
