package dev.hardway.lab.real;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.lab.HaproxyStatus;
import dev.hardway.lab.probe.IngressTraps;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The real ingress probes' reading of tool output: haproxy's stats CSV, keepalived.conf and bind lines. */
class IngressOutputTest {

    @Test
    void aRecordedShowStatGivesEachNodePortBackendAndTheTrapsNameWhy() {
        List<HaproxyStatus.Backend> rows = ToolOutput.haproxyBackends(Fixtures.read("haproxy-2.6-show-stat-ingress.csv"));
        assertThat(rows).extracting(b -> b.server() + " " + b.status() + " " + b.checkStatus())
                .containsExactly("worker1 UP L7OK", "worker2 DOWN L4CON", "worker3 DOWN L7STS");
        List<String> p = dev.hardway.Problem.sentences(IngressTraps.backends("elb1", rows, List.of("worker1", "worker2", "worker3", "worker4"), 30080));
        assertThat(p).hasSize(3);
        assertThat(p.get(0)).startsWith("elb1: haproxy has no server worker4");
        assertThat(p.get(1)).startsWith("elb1: backend worker2 is DOWN: connection refused: nothing listens on its"
                + " NodePort 30080").contains("externalTrafficPolicy: Local");
        assertThat(p.get(2)).startsWith("elb1: backend worker3 is DOWN: it answers, but not with 2xx/3xx (L7STS)");
        assertThat(IngressTraps.backends("elb1", rows.subList(0, 1), List.of("worker1"), 30080)).isEmpty();
    }

    @Test
    void routerIdsBindLinesAndTheirTraps() {
        String conf = "vrrp_instance INGRESS_VIP {\n    virtual_router_id 52\n}\n";
        assertThat(IngressTraps.vrid(conf)).hasValue(52);
        assertThat(IngressTraps.vrid("    virtual_router_id 51\n")).hasValue(51);   // the grep's output line
        assertThat(IngressTraps.vrid("")).isEmpty();
        assertThat(IngressTraps.vridClash("elb1", OptionalInt.of(52), OptionalInt.of(51))).isNull();
        assertThat(IngressTraps.vridClash("elb1", OptionalInt.of(51), OptionalInt.of(51)).sentence()).contains("Try:");
        assertThat(IngressTraps.vridClash("elb1", OptionalInt.of(51), OptionalInt.empty())).isNull();

        assertThat(IngressTraps.bindAddress("    bind *:80\n")).isEqualTo("*");
        assertThat(IngressTraps.bindAddress("    bind 10.0.0.30:80\n")).isEqualTo("10.0.0.30");
        assertThat(IngressTraps.bindsVip("elb2", "*", "10.0.0.30", false, false)).isNull();
        assertThat(IngressTraps.bindsVip("elb2", "10.0.0.30", "10.0.0.30", true, false)).isNull();
        assertThat(IngressTraps.bindsVip("elb2", "10.0.0.30", "10.0.0.30", false, true)).isNull();
        assertThat(IngressTraps.bindsVip("elb2", "10.0.0.30", "10.0.0.30", false, false).sentence())
                .contains("ip_nonlocal_bind is 0", "Try: bind *:<port>");
        assertThat(IngressTraps.wouldWarnScriptSecurity("vrrp_script chk {\n}\n")).isTrue();
        assertThat(IngressTraps.wouldWarnScriptSecurity("global_defs {\n enable_script_security\n}\nvrrp_script c {}"))
                .isFalse();
    }
}
