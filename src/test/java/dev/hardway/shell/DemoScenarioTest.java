package dev.hardway.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.Problem;
import dev.hardway.workshop.demo.ScenarioCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The project's demo scenarios play on the simulated lab, and a demo that does not show its promise stops. */
class DemoScenarioTest {

    @TempDir
    Path home;

    BadInputCorpusTest.Run hw(String... words) {
        return BadInputCorpusTest.run(home, new HashMap<>(Map.of()), List.of(words));
    }

    BadInputCorpusTest.Run hwIn(Path project, String... words) {
        return BadInputCorpusTest.run(home, new HashMap<>(Map.of("HARDWAY_PROJECT_DIR", project.toString())),
                List.of(words));
    }

    /** A lab with the load balancers built: 07-api-lb done on ha. */
    void labWithLoadBalancers() {
        labWithLoadBalancers("ha");
    }

    void labWithLoadBalancers(String preset) {
        assertThat(hw(("cluster use " + preset).split(" ")).exit()).isZero();
        BadInputCorpusTest.Run go = hw("lesson", "goto", "07-api-lb");
        assertThat(go.exit()).as(go.out() + go.err()).isZero();
        for (int i = 0; i < 5 && !hw("lesson", "list").out().matches("(?s).*07-api-lb.*done.*"); i++) {
            assertThat(hw("lesson", "solve").exit()).isZero();
        }
    }

    @Test
    void theProjectsScenariosAreValidAndListed() {
        ScenarioCatalog c = ScenarioCatalog.load(Path.of("lessons/scenarios"));
        assertThat(c.problems()).isEmpty();
        assertThat(c.scenarios()).extracting(s -> s.id()).contains("ha-failover", "etcd-quorum", "lb-split-brain", "bad-cert");
        assertThat(c.scenarios()).allSatisfy(s -> assertThat(s.beats()).allSatisfy(b -> {
            if (b.run() != null) {
                assertThat(b.expect().exit()).as(s.id() + ": " + b.title()).isNotNull();
            }
        }));
        BadInputCorpusTest.Run l = hw("demo", "list");
        assertThat(l.exit()).as(l.err()).isZero();
        assertThat(l.out()).contains("ha-failover", "etcd-quorum", "lb-split-brain", "bad-cert");
    }

    @Test
    void everyScenarioPlaysOnTheSimulatedLabWithEachPromiseKept() {
        labWithLoadBalancers();
        for (String id : List.of("ha-failover", "etcd-quorum", "lb-split-brain", "bad-cert")) {
            BadInputCorpusTest.Run r = hw("demo", "run", id, "--auto", "--delay", "0");
            assertThat(r.exit()).as(id + ":\n" + r.out() + r.err()).isZero();
            int beats = ScenarioCatalog.load(Path.of("lessons/scenarios")).scenario(id).orElseThrow().beats().size();
            assertThat(r.out()).contains("END — " + beats + " OF " + beats + " BEATS AS PROMISED");
            assertThat(r.out().split("\\[as promised]", -1)).hasSize(beats + 1);
            assertThat(r.out()).doesNotContain("\u001b[");
            // every demo heals what it broke
            assertThat(hw("faults").out()).as(id).contains("No faults");
        }
    }

    /** A scenario names its nodes by their place in the cluster: raspi-ha's load balancers are rlb1/rlb2. */
    @Test
    void theScenariosPlayOnAnotherLayoutsNodeNames() {
        labWithLoadBalancers("raspi-ha --provider sim");
        for (String id : List.of("ha-failover", "lb-split-brain")) {
            BadInputCorpusTest.Run r = hw("demo", "run", id, "--auto", "--delay", "0");
            assertThat(r.exit()).as(id + ":\n" + r.out() + r.err()).isZero();
            assertThat(r.out()).contains("$ break rlb1 --mode", "rlb2").doesNotContain("mlb1", "${");
        }
    }

    /** The demos of lesson 14's drills that the three above do not cover: the API through a lost master, recover. */
    @Test
    void theDrillLessonsDemosPlayOnTheSimulatedLabWithEachPromiseKept() {
        labWithLoadBalancers();
        for (String id : List.of("master-loss-api", "ha-recover")) {
            BadInputCorpusTest.Run r = hw("demo", "run", id, "--auto", "--delay", "0");
            assertThat(r.exit()).as(id + ":\n" + r.out() + r.err()).isZero();
            int beats = ScenarioCatalog.load(Path.of("lessons/scenarios")).scenario(id).orElseThrow().beats().size();
            assertThat(r.out()).contains("END — " + beats + " OF " + beats + " BEATS AS PROMISED");
            assertThat(r.out().split("\\[as promised]", -1)).hasSize(beats + 1);
            assertThat(hw("faults").out()).as(id).contains("No faults");
        }
        // a promise the lab does not keep stops the demo: master1 already down, so 3/3 is not what check shows
        assertThat(hw("break", "master1", "--mode", "services").exit()).isZero();
        BadInputCorpusTest.Run r = hw("demo", "run", "master-loss-api", "--auto", "--delay", "0");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("THE DEMO STOPS HERE", "'Three kube-apiservers behind one address'"
                + " (lessons/scenarios/master-loss-api.yaml:");
        assertThat(hw("heal", "--all").exit()).isZero();
    }

    @Test
    void aDemoWhosePromiseFailsStopsAndSaysWhichBeatAndWhy() {
        labWithLoadBalancers();
        assertThat(hw("break", "master3").exit()).isZero();
        BadInputCorpusTest.Run r = hw("demo", "run", "ha-failover", "--auto", "--delay", "0");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("THE DEMO STOPS HERE", "'Everything is healthy' (lessons/scenarios/ha-failover"
                + ".yaml:", "did not show what it promises: its output does not show '3 of 3 healthy'");
        assertThat(r.out()).doesNotContain("Pull the plug", "broke master2");
    }

    @Test
    void aLabWithoutTheNeededLessonsIsToldHowToGetThere() {
        assertThat(hw("cluster", "use", "ha").exit()).isZero();
        BadInputCorpusTest.Run r = hw("demo", "run", "etcd-quorum", "--auto");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("this lab has not done 05-etcd yet", "Try: lesson goto 05-etcd");
        assertThat(hw("cluster", "use", "minimal").exit()).isZero();
        assertThat(hw("demo", "run", "etcd-quorum").err()).contains("cluster minimal has no masters[1], masters[2]",
                "Try: cluster use ha");
        assertThat(hw("demo", "run", "ha-failovr").err()).contains("did you mean ha-failover?");
    }

    @Test
    void badScenarioFilesAreReportedWithFileAndLine() throws Exception {
        Path project = home.resolve("project");
        Files.createDirectories(project.resolve("lessons/scenarios"));
        Files.createSymbolicLink(project.resolve("cluster-config"), Path.of("cluster-config").toAbsolutePath());
        try (Stream<Path> s = Files.list(Path.of("lessons"))) {
            for (Path l : s.filter(p -> Files.exists(p.resolve("lesson.yaml"))).toList()) {
                Files.createSymbolicLink(project.resolve("lessons").resolve(l.getFileName()), l.toAbsolutePath());
            }
        }
        Path sc = project.resolve("lessons/scenarios");
        Files.writeString(sc.resolve("bad.yaml"), String.join("\n",
                "id: bad",
                "title: A bad one",
                "beats:",
                "  - title: no promise",
                "    run: check etcd",
                "  - title: typo",
                "    runn: check vip",
                "  - title: not a command",
                "    run: chek etcd",
                "    expect: {exit: 0}",
                "  - title: recursion",
                "    run: demo run bad",
                "    expect: {exit: 0, colour: red}",
                "  - title: quote",
                "    run: check 'etcd",
                "    expect: {exit: nine}",
                ""));
        Files.writeString(sc.resolve("broken-yaml.yaml"), "id: x\ntitle: [unclosed\n");
        Files.writeString(sc.resolve("other.yaml"), "id: not-other\ntitle: t\nbeats: []\n");
        ScenarioCatalog c = ScenarioCatalog.load(sc);
        List<String> lines = c.problems().stream().map(Problem::render).toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("lessons/scenarios/bad.yaml:4 beats[0].expect:")
                .contains("must say what it shows"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("lessons/scenarios/bad.yaml:7 beats[1].runn:")
                .contains("did you mean 'run'"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("lessons/scenarios/bad.yaml:13 beats[3].expect"
                + ".colour:"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("lessons/scenarios/bad.yaml:15 beats[4].run:")
                .contains("unclosed quote"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("lessons/scenarios/bad.yaml:16 beats[4].expect"
                + ".exit:"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("lessons/scenarios/broken-yaml.yaml:").contains(
                "not valid YAML"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("lessons/scenarios/other.yaml:1 id:").contains(
                "differs from the file name"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("lessons/scenarios/other.yaml:3 beats:"));
        // the shell adds what only it knows: which commands exist, and that a demo runs no demo
        Files.writeString(sc.resolve("bad.yaml"), String.join("\n", "id: bad", "title: t", "beats:",
                "  - title: not a command", "    run: chek etcd", "    expect: {exit: 0}",
                "  - title: recursion", "    run: demo run bad", "    expect: {exit: 0}", ""));
        Files.delete(sc.resolve("broken-yaml.yaml"));
        Files.delete(sc.resolve("other.yaml"));
        BadInputCorpusTest.Run r = hwIn(project, "demo", "list");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("lessons/scenarios/bad.yaml:4 beats[0].run: 'chek etcd' is no hardway command"
                + " (did you mean 'check etcd'?)", "lessons/scenarios/bad.yaml:7 beats[1].run: a beat cannot run"
                + " 'demo ...'");
    }
}
