package dev.hardway.provider;

import dev.hardway.cluster.ClusterConfig;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateExceptionHandler;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * templates/cluster/inventory.ini.ftl with the model the render package will offer (cluster.nodes as hashes with
 * name, ip, roles, isMaster, ...; cluster.ssh). Writes the result to {@code <build dir>/ansible/} where
 * ansible/check.sh picks it up, and parses it with ansible-inventory when Ansible is installed.
 */
class InventoryTemplateTest {

    static Map<String, Object> model(ClusterConfig c) {
        List<Map<String, Object>> nodes = c.nodes().stream().map(n -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", n.name());
            m.put("ip", n.ip());
            m.put("roles", n.roles().stream().map(ClusterConfig.Role::id).toList());
            m.put("isMaster", n.has(ClusterConfig.Role.MASTER));
            m.put("isWorker", n.has(ClusterConfig.Role.WORKER));
            m.put("isLb", n.has(ClusterConfig.Role.LB));
            m.put("isElb", n.has(ClusterConfig.Role.ELB));
            m.put("isJumpbox", n.has(ClusterConfig.Role.JUMPBOX));
            return m;
        }).toList();
        return Map.of("cluster", Map.of("name", c.name(), "nodes", nodes,
                "ssh", Map.of("user", c.ssh().user(), "port", c.ssh().port(), "key", c.ssh().key())));
    }

    static String render(ClusterConfig c) throws Exception {
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
        cfg.setClassForTemplateLoading(InventoryTemplateTest.class, "/templates");
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setDefaultEncoding("UTF-8");
        Template t = cfg.getTemplate("cluster/inventory.ini.ftl");
        StringWriter out = new StringWriter();
        t.process(model(c), out);
        return out.toString();
    }

    @Test
    void groupsPerRoleAndSshVars() throws Exception {
        ClusterConfig sample = TestConfigs.sample();
        String ini = render(sample);
        assertThat(ini).contains("""
                [masters]
                master1 ansible_host=172.16.10.11
                master2 ansible_host=172.16.10.12
                master3 ansible_host=172.16.10.13
                """, """
                [lbs]
                mlb1 ansible_host=172.16.10.51
                mlb2 ansible_host=172.16.10.52
                """, "[elbs]\n\n[routers]\n\n[all:vars]\n", "ansible_user=vagrant\n", "ansible_port=22\n",
                "ansible_ssh_private_key_file=~/.ssh/id_ed25519\n", "hardway_cluster=sample-ha\n");
        assertThat(ini).doesNotContain("${");

        // Where ansible/check.sh looks first: <build dir>/ansible/inventory-*.ini
        Path buildDir = Path.of(InventoryTemplateTest.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).getParent();
        Path out = Files.createDirectories(buildDir.resolve("ansible")).resolve("inventory-sample-ha.ini");
        Files.writeString(out, ini);

        if (Executables.find("ansible-inventory", System.getenv()).isPresent()) {
            Process p = new ProcessBuilder("ansible-inventory", "-i", out.toString(), "--graph")
                    .redirectErrorStream(true).start();
            String graph = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(graph).isZero();
            assertThat(graph).contains("@masters:", "@workers:", "@lbs:", "@jumpbox:", "|--master3", "|--worker2");
        }
    }

    @Test
    void bigPortNumbersAreNotGrouped() throws Exception {
        ClusterConfig s = TestConfigs.sample();
        ClusterConfig c = new ClusterConfig(s.name(), s.provider(), s.domain(), s.versions(), s.downloads(),
                s.network(), s.loadbalancers(), new ClusterConfig.SshSettings("pi", "/keys/pi", 2222), s.vagrant(),
                s.bgp(), s.nodes(), s.source());
        assertThat(render(c)).contains("ansible_port=2222\n").contains("ansible_user=pi\n");
    }
}
