package dev.hardway.lab.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hardway.lab.Probe;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LessonProbesTest {

    @Test
    void everyProbeRecordHasOneKindForBothLabs() {
        Set<Class<?>> records = Arrays.stream(Probe.class.getPermittedSubclasses()).collect(Collectors.toSet());
        assertEquals(records, Set.copyOf(LessonProbes.kinds().keySet()),
                "every Probe record is registered in LessonProbes, and nothing else is");
    }
}
