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
}
