package dev.hardway.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLocksTest {

    @TempDir
    Path tmp;

    @Test
    void createsTheDirectoryAndTheLockFileAndReturnsTheBodysResult() throws Exception {
        Path file = tmp.resolve("a").resolve("state.yaml");
        String r = FileLocks.withLock(file, () -> {
            AtomicFiles.write(file, "x\n");
            return "done";
        });
        assertThat(r).isEqualTo("done");
        assertThat(Files.readString(file)).isEqualTo("x\n");
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("state.yaml",
                    "state.yaml.lock");
        }
    }

    @Test
    void theBodysExceptionsPassThroughAndTheLockIsReleased() throws Exception {
        Path file = tmp.resolve("state.yaml");
        assertThatThrownBy(() -> FileLocks.withLock(file, () -> {
            throw new IOException("boom");
        })).isInstanceOf(IOException.class).hasMessage("boom");
        assertThatThrownBy(() -> FileLocks.<Void, ProgressException>withLock(file, () -> {
            throw new ProgressException(dev.hardway.Problem.error("bad", null));
        })).isInstanceOf(ProgressException.class).hasMessage("bad.");
        assertThat(FileLocks.withLock(file, () -> 1)).isEqualTo(1);
    }
}
