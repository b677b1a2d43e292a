package dev.hardway.cluster;

import dev.hardway.EditDistance;
import dev.hardway.Problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hardway.cluster.ClusterConfig.Provider;
import dev.hardway.cluster.ClusterConfig.Role;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterLoaderTest {

    final ClusterLoader loader = new ClusterLoader(() -> 16 * 1024);

    static final String VERSIONS = "versions: {kubernetes: 1.37.0, etcd: 3.6.14, containerd: 2.3.5, runc: 1.4.3,"
            + " cni_plugins: 1.9.1, crictl: 1.37.0, coredns: 1.14.7}\n";
    static final String SMALL = "name: lab\n" + VERSIONS
            + "network: {node_subnet: 172.16.10.0/24, pod_cidr: 10.200.0.0/16, service_cidr: 10.32.0.0/24}\n"
            + "nodes:\n"
            + "  - {name: jumpbox, roles: [jumpbox], ip: 172.16.10.5}\n"
            + "  - {name: master1, roles: [master], ip: 172.16.10.11}\n"
            + "  - {name: worker1, roles: [worker], ip: 172.16.10.41}\n";

    @Test
    void collectsEveryProblemNotJustTheFirst() {
        String three = SMALL.replace("172.16.10.41", "172.16.20.41")    // outside the subnet
                .replace("etcd: 3.6.14", "etcd: v3.6.14")               // leading v
                .replace("{name: master1,", "{name: Master1,");         // not an RFC 1123 label
        assertThatThrownBy(() -> loader.load("three.yaml", three)).isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    List<Problem> problems = ((ConfigException) e).problems();
                    assertThat(problems).hasSize(3).allMatch(Problem::isError);
                    assertThat(problems).extracting(Problem::line).containsExactly(2, 6, 7);
                    assertThat(problems).extracting(Problem::path)
                            .containsExactly("versions.etcd", "nodes[1].name", "nodes[2].ip");
                    assertThat(e.getMessage().lines()).hasSize(3);
                });
    }

    @Test
    void defaults() throws Exception {
        ClusterConfig c = loader.load("small.yaml", SMALL);
        assertThat(c.provider()).isEqualTo(Provider.SIM);
        assertThat(c.domain()).isEqualTo("cluster.local");
        assertThat(c.network().cni()).isEqualTo("bridge");
        assertThat(c.network().clusterDns()).isEqualTo("10.32.0.10");
        assertThat(c.ssh()).isEqualTo(new ClusterConfig.SshSettings("vagrant", null, 22));
        assertThat(c.vagrant()).isEqualTo(new ClusterConfig.VagrantSettings(null, "virtualbox"));
        assertThat(c.loadbalancers()).isEqualTo(ClusterConfig.LoadBalancers.NONE);
        assertThat(c.downloads()).isEqualTo(ClusterConfig.Downloads.UPSTREAM);
        assertThat(c.source()).isNull();
        // cpus/memory default by role: Kubernetes nodes get room, helpers do not.
        assertThat(c.node("jumpbox").orElseThrow()).extracting(ClusterConfig.Node::cpus, ClusterConfig.Node::memory)
                .containsExactly(1, 512);
        assertThat(c.node("master1").orElseThrow()).extracting(ClusterConfig.Node::cpus, ClusterConfig.Node::memory)
                .containsExactly(2, 2048);
        assertThat(c.withRole(Role.MASTER)).extracting(ClusterConfig.Node::name).containsExactly("master1");
        ClusterConfig stacked = loader.load("s.yaml", SMALL.replace("roles: [worker]", "roles: [worker, master, worker]")
                .replace("{name: master1, roles: [master], ip: 172.16.10.11}", "{name: master1, roles: [master, jumpbox], ip: 172.16.10.11}")
                .replace("  - {name: jumpbox, roles: [jumpbox], ip: 172.16.10.5}\n", ""));
        assertThat(stacked.node("worker1").orElseThrow().roles()).containsExactly(Role.WORKER, Role.MASTER);
    }

    @Test
    void proxyModeDefaultsToIptablesAndTakesNftables() throws Exception {
        assertThat(loader.load("small.yaml", SMALL).network().proxyMode()).isEqualTo("iptables");
        String nft = SMALL.replace("service_cidr: 10.32.0.0/24}", "service_cidr: 10.32.0.0/24, proxy_mode: nftables}");
        assertThat(loader.load("nft.yaml", nft).network().proxyMode()).isEqualTo("nftables");
    }

    @Test
    void proxyModeIpvsIsRefusedWithItsReasonAndAFix() {
        String ipvs = SMALL.replace("service_cidr: 10.32.0.0/24}", "service_cidr: 10.32.0.0/24, proxy_mode: ipvs}");
        assertThatThrownBy(() -> loader.load("ipvs.yaml", ipvs)).isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    List<Problem> problems = ((ConfigException) e).problems();
                    assertThat(problems).hasSize(1);
                    assertThat(problems.get(0).path()).isEqualTo("network.proxy_mode");
                    assertThat(problems.get(0).line()).isEqualTo(3);
                    assertThat(problems.get(0).what()).contains("ipvs is deprecated since Kubernetes 1.35");
                    assertThat(problems.get(0).fix()).contains("iptables").contains("nftables")
                            .contains("5.13");
                });
    }

    @Test
    void proxyModeTypoGetsADidYouMean() {
        String typo = SMALL.replace("service_cidr: 10.32.0.0/24}", "service_cidr: 10.32.0.0/24, proxy_mode: nftable}");
        assertThatThrownBy(() -> loader.load("typo.yaml", typo)).isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    Problem p = ((ConfigException) e).problems().get(0);
                    assertThat(p.path()).isEqualTo("network.proxy_mode");
                    assertThat(p.what()).isEqualTo("unknown value 'nftable'. Did you mean 'nftables'?");
                    assertThat(p.fix()).isEqualTo("use one of iptables, nftables");
                });
    }

    @Test
    void aConfigBuiltInCodeWithoutAProxyModeGetsTheDefault() {
        assertThat(new ClusterConfig.Network("172.16.10.0/24", "10.200.0.0/16", "10.32.0.0/24", "10.32.0.10",
                "bridge").proxyMode()).isEqualTo("iptables");
        assertThat(new ClusterConfig.Network("172.16.10.0/24", "10.200.0.0/16", "10.32.0.0/24", "10.32.0.10",
                "bridge", null).proxyMode()).isEqualTo("iptables");
    }

    @Test
    void warningsComeBackWithTheConfig() throws Exception {
        String twoMasters = SMALL.replace("  - {name: worker1", "  - {name: master2, roles: [master], ip: 172.16.10.12}\n"
                        + "  - {name: worker1");
        LoadResult r = loader.read("two.yaml", twoMasters);
        assertThat(r.config().withRole(Role.MASTER)).hasSize(2);
        assertThat(r.warnings()).extracting(Problem::render).containsExactly("two.yaml:4 nodes: warning: no fault "
                + "tolerance: 2 masters tolerate 0 failures, same as 1 (etcd needs a majority to keep working). "
                + "Try: use an odd number of masters: 1 or 3.");
    }

    @Test
    void providerOverrideAppliesThatProvidersRules() throws Exception {
        assertThat(loader.load("small.yaml", SMALL).provider()).isEqualTo(Provider.SIM);
        List<Problem> asSsh = loader.check("small.yaml", SMALL, Provider.SSH);
        assertThat(asSsh).extracting(Problem::path).containsExactly("ssh.user", "ssh.key");
        List<Problem> asVagrant = loader.check("small.yaml", SMALL, Provider.VAGRANT);
        assertThat(asVagrant).filteredOn(Problem::isError).extracting(Problem::path).containsExactly("vagrant.box");
        String withSsh = SMALL + "ssh: {user: ubuntu, key: ~/.ssh/id_ed25519}\n";
        ClusterConfig c = loader.read("small.yaml", withSsh, Provider.SSH).config();
        assertThat(c.provider()).isEqualTo(Provider.SSH);
        assertThat(c.ssh()).isEqualTo(new ClusterConfig.SshSettings("ubuntu", "~/.ssh/id_ed25519", 22));
    }

    @Test
    void vagrantMemoryWarningUsesTheInjectedHostMemory() {
        String vagrant = SMALL.replace("name: lab\n", "name: lab\nprovider: vagrant\nvagrant: {box: bento/ubuntu-24.04}\n")
                .replace("172.16.10.", "192.168.56.").replace("172.16.10.0/24", "192.168.56.0/24");
        // jumpbox 512 + 2 x 2048 = 4608 MiB
        assertThat(new ClusterLoader(() -> 8192).check("v.yaml", vagrant, null)).isEmpty();
        assertThat(new ClusterLoader(() -> 4096).check("v.yaml", vagrant, null)).singleElement()
                .satisfies(p -> assertThat(p.render()).contains("the VMs need 4608 MiB in total, 113% of this "
                        + "machine's 4096 MiB"));
        assertThat(new ClusterLoader(() -> 0).check("v.yaml", vagrant, null)).as("unknown host memory").isEmpty();
        assertThat(ClusterLoader.physicalMemoryMiB()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void missingFileIsAProblemNotAStackTrace() {
        List<Problem> problems = loader.check(Path.of("no/such/cluster.yaml"), null);
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.render()).startsWith("cluster.yaml:1: no/such/cluster.yaml does not exist");
            assertThat(p.fix()).contains("preset");
        });
    }

    @Test
    void noObjectConstructionFromTags() {
        // A bean-constructing loader would try to instantiate this class; composing only sees a tagged scalar.
        String evil = SMALL.replace("name: lab", "name: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://example.invalid/\"]]]]");
        assertThat(loader.check("evil.yaml", evil, null)).singleElement()
                .satisfies(p -> assertThat(p.render()).startsWith("evil.yaml:1: not valid YAML: Global tag is not allowed")
                        .endsWith("Try: remove the !!tag: a cluster config holds plain values only."));
    }

    @Test
    void aliasBombsAreRefused() {
        StringBuilder sb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            char p = (char) (c - 1);
            sb.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *")
                    .append(p).append(", *").append(p).append(", *").append(p).append(", *").append(p).append("]\n");
        }
        List<Problem> problems = loader.check("bomb.yaml", sb.toString(), null);
        assertThat(problems).first().satisfies(p -> assertThat(p.what()).startsWith("not valid YAML"));
    }

    @Test
    void problemRendering() {
        Problem e = new Problem(Problem.Severity.ERROR, "bad", "fix it", Problem.Where.file("ha.yaml", 14, "nodes[2].ip"));
        assertThat(e.render()).isEqualTo("ha.yaml:14 nodes[2].ip: bad. Try: fix it.");
        Problem q = new Problem(Problem.Severity.WARNING, "Did you mean 'x'?", "rename it.", Problem.Where.file("ha.yaml", 3, ""));
        assertThat(q.render()).isEqualTo("ha.yaml:3: warning: Did you mean 'x'? Try: rename it.");
    }

    @Test
    void didYouMean() {
        List<String> keys = ClusterLoader.NODE_KEYS;
        assertThat(EditDistance.closest("rolez", keys)).contains("roles");
        assertThat(EditDistance.closest("podCidr", keys)).contains("pod_cidr");
        assertThat(EditDistance.closest("pod-cidr", keys)).contains("pod_cidr");
        assertThat(EditDistance.closest("memroy", keys)).contains("memory");
        assertThat(EditDistance.closest("colour", keys)).isNull();
        assertThat(EditDistance.closest("nodeSubnet", ClusterLoader.NETWORK_KEYS)).contains("node_subnet");
        assertThat(EditDistance.distance("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void validatorWorksOnConfigsBuiltInCode() throws Exception {
        ClusterConfig c = loader.load("small.yaml", SMALL);
        ClusterConfig broken = new ClusterConfig(c.name(), c.provider(), c.domain(), c.versions(), c.downloads(),
                c.network(), c.loadbalancers(), c.ssh(), c.vagrant(), c.bgp(),
                List.of(c.nodes().get(0), c.nodes().get(1), c.nodes().get(1)), null);
        assertThat(new ClusterValidator(() -> 0).validate(broken, "built-in"))
                .extracting(Problem::render).containsExactly(
                        "built-in:1 nodes[2].name: duplicate name 'master1' (also nodes[1]). Try: give every node its "
                                + "own name; names become hostnames and certificate names.",
                        "built-in:1 nodes[2].ip: 172.16.10.11 is also the address of master1 (nodes[1]). Try: give "
                                + "every node its own address, e.g. 172.16.10.10.",
                        "built-in:1 nodes: warning: no fault tolerance: 2 masters tolerate 0 failures, same as 1 "
                                + "(etcd needs a majority to keep working). Try: use an odd number of masters: 1 or 3.",
                        "built-in:1 nodes: warning: no node has role worker, so pods have nowhere to run. Try: add a "
                                + "worker, or add worker to a master's roles.");
    }
}
