package org.chatinbox.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A clone in a private folder (root's home is one) still runs the servers that refuse root. */
class StackLayoutTest {

    @TempDir
    Path temp;

    @Test
    void aFolderBehindAPrivateOneIsNotReachableByTheServersUser() throws Exception {
        Path clone = Files.createDirectories(temp.resolve("home").resolve("clone"));
        Files.setPosixFilePermissions(temp.resolve("home"), PosixFilePermissions.fromString("rwx------"));
        assertThat(StackLayout.reachableByAll(clone.resolve("target").resolve("test-stack"))).isFalse();

        Files.setPosixFilePermissions(temp.resolve("home"), PosixFilePermissions.fromString("rwxr-x--x"));
        assertThat(StackLayout.reachableByAll(clone.resolve("target").resolve("test-stack")))
                .isEqualTo(StackLayout.reachableByAll(temp));
    }

    @Test
    void theServersOfAPrivateStackLiveOutsideItAndAStaleCopyIsCleared() throws Exception {
        Path home = Files.createDirectories(temp.resolve("private"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        StackLayout layout = new StackLayout(home.resolve("stack"), home.resolve("dist"));
        if (!ManagedProcess.isRoot()) {
            // the servers run as this user, who reaches its own folders
            assertThat(layout.home("postgres")).isEqualTo(home.resolve("stack").resolve("postgres"));
            return;
        }
        Path outside = layout.unprivilegedDir();
        assertThat(outside).startsWith(Path.of("/var/tmp"));
        assertThat(layout.home("postgres")).isEqualTo(outside.resolve("postgres"));
        assertThat(layout.home("kafka")).isEqualTo(home.resolve("stack").resolve("kafka"));
        assertThat(StackLayout.reachableByAll(outside)).isTrue();

        // the same stack finds the same folder again; a new stack in the same place starts from an empty one
        Files.createDirectories(outside.resolve("postgres"));
        assertThat(new StackLayout(home.resolve("stack"), home.resolve("dist")).unprivilegedDir()).isEqualTo(outside);
        Files.delete(home.resolve("stack").resolve("server-data.path"));
        assertThat(new StackLayout(home.resolve("stack"), home.resolve("dist")).unprivilegedDir()).isEqualTo(outside);
        assertThat(outside.resolve("postgres")).doesNotExist();
        Processes.run(java.util.List.of("rm", "-rf", outside.toString()), Path.of("/"), java.time.Duration.ofSeconds(30));
    }
}
