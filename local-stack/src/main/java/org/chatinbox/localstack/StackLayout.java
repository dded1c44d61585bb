package org.chatinbox.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * Where a stack keeps its state: one directory holding each server's data, configuration, logs and pid, and the ports it was
 * given. The server distributions come from {@code distDir}, filled by the local-stack build.
 */
record StackLayout(Path dir, Path distDir) {

    StackLayout {
        dir = dir.toAbsolutePath().normalize();
        distDir = distDir.toAbsolutePath().normalize();
    }

    /** The servers that run as the unprivileged user, and so need folders that user can reach. */
    private static final Set<String> UNPRIVILEGED = Set.of("postgres", "postgres-dist", "elasticsearch");

    Path home(String server) {
        return UNPRIVILEGED.contains(server) ? unprivilegedDir().resolve(server) : dir.resolve(server);
    }

    /**
     * Where the unprivileged servers keep their files: the stack folder when the unprivileged user can reach it, else (a clone
     * in a private folder such as root's home) a folder of this stack's own under {@code /var/tmp}, named in
     * {@code server-data.path} of the stack folder. A folder there that no stack names any more is an old stack's, and goes.
     */
    Path unprivilegedDir() {
        if (!ManagedProcess.isRoot() || reachableByAll(dir)) {
            return dir;
        }
        Path pointer = dir.resolve("server-data.path");
        try {
            if (Files.exists(pointer)) {
                return Path.of(Files.readString(pointer).trim());
            }
            Path outside = Path.of("/var/tmp", "chat-inbox-" + Integer.toHexString(dir.toString().hashCode()));
            if (Files.exists(outside)) {
                Processes.run(List.of("rm", "-rf", outside.toString()), Path.of("/"), Duration.ofMinutes(1));
            }
            Files.createDirectories(outside);
            Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createDirectories(dir);
            Files.writeString(pointer, outside + "\n");
            System.out.println("[stack] " + dir + " is not reachable by the user PostgreSQL and Elasticsearch run as ("
                    + ManagedProcess.UNPRIVILEGED_USER + "): their data live in " + outside);
            return outside;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether every folder from the root down to {@code path} lets others through (execute permission). */
    static boolean reachableByAll(Path path) {
        for (Path p = path; p != null; p = p.getParent()) {
            if (!Files.exists(p)) {
                continue; // created later, by root with the default umask: traversable
            }
            try {
                if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    Path log(String server) {
        return dir.resolve("logs").resolve(server + ".log");
    }

    ManagedProcess process(String server) {
        return new ManagedProcess(server, dir.resolve("run").resolve(server + ".pid"), log(server));
    }

    Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The port recorded for a server, if one was given to it. */
    synchronized java.util.Optional<Integer> knownPort(String key) {
        return java.util.Optional.ofNullable(ports().getProperty(key)).map(Integer::parseInt);
    }

    /**
     * The port of a server: the one recorded in this stack if any, else {@code preferred}, else (0) a free one, then recorded
     * so that every later command and test JVM finds the server at the same address.
     */
    synchronized int port(String key, int preferred) {
        Properties ports = ports();
        String known = ports.getProperty(key);
        if (known != null) {
            return Integer.parseInt(known);
        }
        try {
            int port = preferred > 0 ? preferred : freePort();
            ports.setProperty(key, Integer.toString(port));
            Files.createDirectories(dir);
            try (OutputStream out = Files.newOutputStream(portsFile())) {
                ports.store(out, "ports of this stack's servers");
            }
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ports recorded so far (none before the first). */
    private Properties ports() {
        Properties ports = new Properties();
        if (Files.exists(portsFile())) {
            try (InputStream in = Files.newInputStream(portsFile())) {
                ports.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ports;
    }

    private Path portsFile() {
        return dir.resolve("ports.properties");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
