package dev.hardway.lab.real;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parsers for the etcd tools' output that lesson 15 (etcd backup and restore) reads: {@code etcdutl snapshot
 * status -w json} (3.5: hash, revision, totalKey, totalSize; 3.6 adds version), {@code etcdctl get -w json} (a key
 * present or not) and the cluster ID and revision in the header of {@code etcdctl endpoint status -w json}.
 * Recorded outputs: src/test/resources/dev/hardway/lab/real/etcdutl-*, etcd-3.5-*.
 */
public final class EtcdBackupOutput {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EtcdBackupOutput() {
    }

    /** What etcdutl reads from a snapshot file; {@code version} is empty before etcd 3.6. */
    public record SnapshotStatus(long hash, long revision, long totalKeys, long totalSize, String version) {
        /** The hash as etcdutl's table shows it (hex). */
        public String hashHex() {
            return Long.toHexString(hash);
        }
    }

    /** One member's header in {@code endpoint status}: the cluster it belongs to and its revision. */
    public record MemberHeader(String endpoint, String clusterId, String memberId, long revision) {
    }

    private static Optional<JsonNode> json(String stdout) {
        if (stdout == null || stdout.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(JSON.readTree(stdout.strip()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** {@code etcdutl snapshot status -w json}; empty when the output is not that. */
    public static Optional<SnapshotStatus> snapshotStatus(String stdout) {
        return json(stdout).filter(n -> n.isObject() && n.has("hash") && n.has("revision")).map(n ->
                new SnapshotStatus(n.path("hash").asLong(), n.path("revision").asLong(), n.path("totalKey").asLong(),
                        n.path("totalSize").asLong(), n.path("version").asText("")));
    }

    /** {@code etcdctl get -w json}: the number of keys found, empty when the output is not that. */
    public static Optional<Long> getCount(String stdout) {
        return json(stdout).filter(n -> n.isObject() && n.has("header")).map(n -> n.path("count").asLong(0));
    }

    /** The header of each entry of {@code endpoint status -w json} (IDs in decimal, as etcdctl prints them). */
    public static List<MemberHeader> headers(String stdout) {
        List<MemberHeader> out = new ArrayList<>();
        json(stdout).filter(JsonNode::isArray).ifPresent(a -> a.forEach(e -> {
            JsonNode h = e.path("Status").path("header");
            out.add(new MemberHeader(e.path("Endpoint").asText(), h.path("cluster_id").asText(""),
                    h.path("member_id").asText(""), h.path("revision").asLong()));
        }));
        return out;
    }
}
