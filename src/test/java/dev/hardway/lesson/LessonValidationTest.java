package dev.hardway.lesson;

import dev.hardway.Problem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hardway.cluster.ClusterModel;
import dev.hardway.cluster.TestClusters;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Negative lesson fixtures ({@code src/test/resources/lessons-bad/<case>/}): each case is loaded and validated
 * against the one-master cluster, and every problem must come out exactly — file, line, YAML path, message and
 * the "Try:" fix — and all of them, not only the first.
 */
class LessonValidationTest {

    static final Path BAD = Path.of("src/test/resources/lessons-bad");

    static List<String> problems(String name) {
        LessonCatalog c = LessonCatalog.load(BAD.resolve(name));
        return c.validateAgainst(new ClusterModel(TestClusters.single())).stream().map(Problem::toString).toList();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("applies-bad-entry", List.of(
                        "applies-bad-entry/01-a/lesson.yaml:9 steps[0].manifests[0].template: template 'missing.yaml.ftl' not found in 01-a/. Try: create 01-a/missing.yaml.ftl or fix the name.",
                        "applies-bad-entry/01-a/lesson.yaml:9 steps[0].manifests: the manifests are uploaded but nothing applies them (the step has no run). Try: add run: kubectl apply -f <each to: path>.",
                        "applies-bad-entry/01-a/lesson.yaml:11 steps[0].manifests[1].dest: unknown key 'dest'. Try: remove it; a manifests entry takes template, to, mode, owner.",
                        "applies-bad-entry/01-a/lesson.yaml:11 steps[0].manifests[1].to: missing required key 'to'. Try: to: /absolute/path/on/the/node.",
                        "applies-bad-entry/01-a/lesson.yaml:12 steps[0].manifests[2]: a manifests entry is a mapping (template, to, mode, owner). Try: - template: x.ftl / to: /etc/x / mode: \"0644\".")),
                Arguments.of("applies-not-a-manifest", List.of(
                        "applies-not-a-manifest/01-a/lesson.yaml:9 steps[0].manifests[0].template: nokind.yaml.ftl rendered for jumpbox on cluster default is not a manifest the lessons can apply: document 1 has no kind. Try: start every object with apiVersion: and kind:, e.g. apiVersion: apps/v1 / kind: Deployment.",
                        "applies-not-a-manifest/01-a/lesson.yaml:10 steps[0].manifests[1].template: old-api.yaml.ftl rendered for jumpbox on cluster default is not a manifest the lessons can apply: document 2: no kind Deployment in apiVersion apps/v1beta1 in Kubernetes 1.37. Try: apiVersion: apps/v1.")),
                Arguments.of("workload-probe-args", List.of(
                        "workload-probe-args/01-a/lesson.yaml:13 steps[0].check[0].count: 'two' is not a whole number. Try: count: 3.",
                        "workload-probe-args/01-a/lesson.yaml:14 steps[0].check[1] [default]: probe dns-resolves: give either pod: (ask from inside a pod) or on: (ask from nodes), not both. Try: remove on:",
                        "workload-probe-args/01-a/lesson.yaml:18 steps[0].check[2] [default]: probe secret-encrypted: prefix 'enc:secretbox' is not a provider prefix (k8s:enc:<provider>:v1:<key name>). Try: prefix: k8s:enc:secretbox:v1:key1.",
                        "workload-probe-args/01-a/lesson.yaml:22 steps[0].check[3] [default]: probe nodeport-answers: status must be an HTTP status 100..599, not 700. Try: status: 200.",
                        "workload-probe-args/01-a/lesson.yaml:25 steps[0].check[4] [default]: probe can-i: 'read' is not an API verb. Try: one of [get, list, watch, create, update, patch, delete, deletecollection, *].",
                        "workload-probe-args/01-a/lesson.yaml:29 steps[0].check[5] [default]: probe service-ip: ip '10.32.0.300' is not an IPv4 address. Try: ip: \"${cluster.network.clusterDns}\".",
                        "workload-probe-args/01-a/lesson.yaml:32 steps[0].check[6] [default]: probe pods-running: selector 'app in (x)' is not an equality label selector. Try: selector: k8s-app=kube-dns (several: a=b,c=d).")),
                Arguments.of("bad-mode", List.of(
                        "bad-mode/01-a/lesson.yaml:11 steps[0].files[0].mode: '0999' is not an octal file mode. Try: mode: \"0644\" (quoted, so YAML keeps the leading zero).")),
                Arguments.of("bad-selector-syntax", List.of(
                        "bad-selector-syntax/01-a/lesson.yaml:7 steps[0].on: 'Masters!' is not a node selector. Try: all, masters, workers, lbs, elbs, routers, jumpbox, one of a group (masters[2]) or node names separated by commas.")),
                Arguments.of("bad-step-id", List.of(
                        "bad-step-id/01-a/lesson.yaml:5 steps[0].id: step id 'Install_Unit' must be lowercase letters, digits and '-'. Try: id: install-unit.")),
                Arguments.of("bad-timeout", List.of(
                        "bad-timeout/01-a/lesson.yaml:11 steps[0].timeout: 'soon' is not a positive number of seconds. Try: timeout: 300.")),
                Arguments.of("cycle", List.of(
                        "cycle/01-a/lesson.yaml:4 needs: dependency cycle: 01-a → 03-c → 02-b → 01-a. Try: remove one of these needs so the lessons have an order.")),
                Arguments.of("dir-without-lesson", List.of(
                        "dir-without-lesson/02-b: lesson directory without lesson.yaml. Try: add dir-without-lesson/02-b/lesson.yaml or remove the directory.")),
                Arguments.of("duplicate-lesson-id", List.of(
                        "duplicate-lesson-id/01-b/lesson.yaml:2 id: id '01-a' differs from its directory '01-b'. Try: id: 01-b (or rename the directory to 01-a).",
                        "duplicate-lesson-id/01-b/lesson.yaml:2 id: duplicate lesson id '01-a' (also duplicate-lesson-id/01-a/lesson.yaml). Try: give each lesson the id of its directory.")),
                Arguments.of("duplicate-step-id", List.of(
                        "duplicate-step-id/01-a/lesson.yaml:14 steps[1].id: duplicate step id 'one'. Try: give every step of the lesson its own id.")),
                Arguments.of("duplicate-yaml-key", List.of(
                        "duplicate-yaml-key/01-a/lesson.yaml:11 steps[0].run: duplicate key 'run' (first on line 8). Try: keep one of them; YAML would silently use only one.")),
                Arguments.of("explain-syntax-error", List.of(
                        "explain-syntax-error/01-a/lesson.yaml:8 steps[0].explain [master1 of default]: template syntax error: Encountered \"members\". Try: fix the ${...} expression there.")),
                Arguments.of("fail-missing-variable", List.of(
                        "fail-missing-variable/01-a/lesson.yaml:14 steps[0].check[0].fail [master1 of default]: 'node.fqdn_name' has no value for this cluster. Try: use a value the template model has (docs/authoring.md lists them), or guard it with <#if node.fqdn_name??>.")),
                Arguments.of("file-template-error", List.of(
                        "file-template-error/01-a/etcd.service.ftl:4 steps[0].files[0].template [master1 of default]: 'node.hostname' has no value for this cluster. Try: use a value the template model has (docs/authoring.md lists them), or guard it with <#if node.hostname??>.")),
                Arguments.of("format-newer", List.of(
                        "format-newer/05-etcd/lesson.yaml:1 format_version: 2 is newer than this hardway understands (1). Try: update hardway.")),
                Arguments.of("id-mismatch", List.of(
                        "id-mismatch/01-a/lesson.yaml:2 id: id '01-b' differs from its directory '01-a'. Try: id: 01-a (or rename the directory to 01-b).")),
                Arguments.of("many-problems", List.of(
                        "many-problems/01-a/lesson.yaml:4 needs[0]: a lesson cannot need itself. Try: remove 01-a from needs.",
                        "many-problems/01-a/lesson.yaml:9 steps[0].servics: unknown key 'servics' (did you mean 'services'?). Try: rename it to services.",
                        "many-problems/01-a/lesson.yaml:13 steps[1].id: duplicate step id 'one'. Try: give every step of the lesson its own id.",
                        "many-problems/01-a/lesson.yaml:17 steps[1].check[0].probe: unknown probe type 'file-exist' (did you mean 'file-exists'?). Try: probe: file-exists.",
                        "many-problems/01-a/lesson.yaml:19 steps[2].title: missing required key 'title'. Try: title: <what this step does>.",
                        "many-problems/01-a/lesson.yaml:21 steps[2].check: no probe check: the simulated lab and `lesson test` could not tell whether this step ran. Try: add a probe, e.g. - probe: file-exists / path: ..., or - probe: service-active / service: ...")),
                Arguments.of("missing-explain", List.of(
                        "missing-explain/01-a/lesson.yaml:4 explain: template 'explain.md.ftl' not found in 01-a/. Try: create 01-a/explain.md.ftl or fix the name.")),
                Arguments.of("missing-file-template", List.of(
                        "missing-file-template/01-a/lesson.yaml:9 steps[0].files[0].template: template 'etcd.service.ftl' not found in 01-a/. Try: create 01-a/etcd.service.ftl or fix the name.")),
                Arguments.of("missing-required", List.of(
                        "missing-required/01-a/lesson.yaml:5 steps[0].title: missing required key 'title'. Try: title: <what this step does>.",
                        "missing-required/01-a/lesson.yaml:5 steps[0].on: missing required key 'on'. Try: on: masters (or all, workers, lbs, jumpbox, node names).")),
                Arguments.of("no-probe-check", List.of(
                        "no-probe-check/01-a/lesson.yaml:12 steps[0].check: no probe check: the simulated lab and `lesson test` could not tell whether this step ran. Try: add a probe, e.g. - probe: file-exists / path: ..., or - probe: service-active / service: ...")),
                Arguments.of("probe-and-run", List.of(
                        "probe-and-run/01-a/lesson.yaml:14 steps[0].check[1]: a check has either probe: or run:, not both. Try: split it into two checks.")),
                Arguments.of("probe-bad-value", List.of(
                        "probe-bad-value/01-a/lesson.yaml:14 steps[0].check[1] [default]: probe etcd-healthy: members must be 1..1 (the cluster has 1 masters), not 7. Try: leave it out to require all masters.")),
                Arguments.of("run-missing-variable", List.of(
                        "run-missing-variable/01-a/lesson.yaml:10 steps[0].run [master1 of default]: 'node.address' has no value for this cluster. Try: use a value the template model has (docs/authoring.md lists them), or guard it with <#if node.address??>.")),
                Arguments.of("selects-no-node", List.of(
                        "selects-no-node/01-a/lesson.yaml:7 steps[0].on: 'lbs' selects no node on cluster default. Try: guard the step with when: (e.g. \"${cluster.hasApiLb?c}\") or select nodes this preset has.")),
                Arguments.of("unknown-lesson-key", List.of(
                        "unknown-lesson-key/01-a/lesson.yaml:1 title: missing required key 'title'. Try: title: <what the learner builds>.",
                        "unknown-lesson-key/01-a/lesson.yaml:3 titel: unknown key 'titel' (did you mean 'title'?). Try: rename it to title.")),
                Arguments.of("unknown-needs", List.of(
                        "unknown-needs/02-b/lesson.yaml:4 needs[0]: unknown lesson '01-tols' (did you mean '01-tools'?). Try: needs: [01-tools].")),
                Arguments.of("unknown-node", List.of(
                        "unknown-node/01-a/lesson.yaml:7 steps[0].on: unknown node or group 'master9' on cluster default. Try: all, masters, workers, lbs, elbs, routers, jumpbox or one of [jumpbox, master1, worker1, worker2].")),
                Arguments.of("unknown-probe-arg", List.of(
                        "unknown-probe-arg/01-a/lesson.yaml:15 steps[0].check[1].member: probe etcd-healthy has no argument 'member' (did you mean 'members'?). Try: rename it to members.")),
                Arguments.of("unknown-probe-type", List.of(
                        "unknown-probe-type/01-a/lesson.yaml:12 steps[0].check[0].probe: unknown probe type 'etcd-health' (did you mean 'etcd-healthy'?). Try: probe: etcd-healthy.")),
                Arguments.of("unknown-step-key", List.of(
                        "unknown-step-key/01-a/lesson.yaml:10 steps[0].servics: unknown key 'servics' (did you mean 'services'?). Try: rename it to services.")),
                Arguments.of("when-not-boolean", List.of(
                        "when-not-boolean/01-a/lesson.yaml:8 steps[0].when: renders to 'default', not true or false. Try: write a boolean expression and print it with ?c, e.g. \"${cluster.hasApiLb?c}\".")),
                Arguments.of("yaml-syntax", List.of(
                        "yaml-syntax/01-a/lesson.yaml:7: not valid YAML: expected <block end>, but found '<block mapping start>'. Try: fix the YAML syntax at that line (indentation, a missing ':' or an unclosed quote)."))
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsExactlyTheseProblems(String name, List<String> expected) {
        assertThat(problems(name)).containsExactlyElementsOf(expected);
    }

    @Test
    void thereAreAtLeastTwentyNegativeFixtures() {
        assertThat(cases().count()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void aNewerFormatIsReportedAloneAtLineOne() {
        LessonCatalog c = LessonCatalog.load(BAD.resolve("format-newer"));
        assertThat(c.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("format-newer/05-etcd/lesson.yaml");
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.path()).isEqualTo("format_version");
            assertThat(p.fix()).isEqualTo("update hardway");
        });
        assertThat(c.lessons()).isEmpty();
    }

    @Test
    void structuralProblemsNeedNoCluster() {
        // load() alone finds everything that does not depend on a cluster
        assertThat(LessonCatalog.load(BAD.resolve("many-problems")).problems()).hasSize(6);
        assertThat(LessonCatalog.load(BAD.resolve("run-missing-variable")).problems()).isEmpty();
    }
}
