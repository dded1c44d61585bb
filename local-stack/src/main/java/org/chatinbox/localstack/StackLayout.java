package org.chatinbox.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where a stack keeps its state: one directory holding each server's data, configuration, logs and pid, and the ports it was
 * given. The server distributions come from {@code distDir}, filled by the local-stack build.
 */
record StackLayout(Path dir, Path distDir) {

    StackLayout {
        dir = dir.toAbsolutePath().normalize();
        distDir = distDir.toAbsolutePath().normalize();
    }

    Path home(String server) {
        return dir.resolve(server);
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

    /**
     * The port of a server: the one recorded in this stack if any, else {@code preferred}, else (0) a free one, then recorded
     * so that every later command and test JVM finds the server at the same address.
     */
    synchronized int port(String key, int preferred) {
        Path file = dir.resolve("ports.properties");
        Properties ports = new Properties();
        try {
            Files.createDirectories(dir);
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    ports.load(in);
                }
            }
            String known = ports.getProperty(key);
            if (known != null) {
                return Integer.parseInt(known);
            }
            int port = preferred > 0 ? preferred : freePort();
            ports.setProperty(key, Integer.toString(port));
            try (OutputStream out = Files.newOutputStream(file)) {
                ports.store(out, "ports of this stack's servers");
            }
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
