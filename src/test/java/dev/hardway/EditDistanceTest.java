package dev.hardway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EditDistanceTest {

    @Test
    void levenshtein() {
        assertThat(EditDistance.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(EditDistance.distance("", "abc")).isEqualTo(3);
        assertThat(EditDistance.distance("abc", "")).isEqualTo(3);
        assertThat(EditDistance.distance("same", "same")).isZero();
    }

    @Test
    void nearestIsTheFirstOfTheClosestMeasuredOnTheFoldedCandidate() {
        assertThat(EditDistance.nearest("servics", List.of("units", "services", "service")))
                .isEqualTo(new EditDistance.Match("services", 1));
        assertThat(EditDistance.nearest("ab", List.of("ax", "xb"))).isEqualTo(new EditDistance.Match("ax", 1));
        assertThat(EditDistance.nearest("etcd", List.of("ETCD"), c -> c.toLowerCase()))
                .isEqualTo(new EditDistance.Match("ETCD", 0));
        assertThat(EditDistance.nearest("x", List.of())).isNull();
    }

    /** The one did-you-mean serves config keys, lesson keys and ids, command and option names alike. */
    @Test
    void closestIsOneRuleForEveryPartOfHardway() {
        assertThat(EditDistance.closest("podCidr", List.of("pod_cidr", "service_cidr"))).isEqualTo("pod_cidr");
        assertThat(EditDistance.closest("pod-cidr", List.of("pod_cidr"))).isEqualTo("pod_cidr");
        assertThat(EditDistance.closest("Servics", List.of("services", "run"))).isEqualTo("services");
        assertThat(EditDistance.closest("etcd-health", List.of("etcd-healthy", "file-exists"))).isEqualTo("etcd-healthy");
        assertThat(EditDistance.closest("lesosn", List.of("lesson", "cluster"))).isEqualTo("lesson");
        assertThat(EditDistance.closest("mastr1", List.of("master1", "master2"))).isEqualTo("master1");
        assertThat(EditDistance.closest("foo", List.of("on"))).as("short words allow one edit").isNull();
        assertThat(EditDistance.closest("colour", List.of("roles", "memory"))).isNull();
        assertThat(EditDistance.closest("", List.of("a"))).isNull();
    }
}
