package org.chatinbox.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Elasticsearch 8 from the integ-test zip, single node, security off, bound to loopback, with the stack's analysis plugin (the
 * zip lacks the {@code english} analyzer). Runs as {@code nobody} when we are root.
 */
final class ElasticsearchServer extends Server {

    private final int transportPort;
    private final String heap;

    ElasticsearchServer(StackLayout layout, int port, int transportPort, String heap) {
        super(layout, "elasticsearch", port);
        this.transportPort = transportPort;
        this.heap = heap;
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    void start() {
        Path home = layout.home(name());
        Map<String, String> environment = Map.of("ES_JAVA_HOME", System.getProperty("java.home"));
        try {
            Path dist = distribution(home);
            if (dist == null) {
                unzip(layout.distDir().resolve("elasticsearch.zip"), home);
                dist = distribution(home);
                try (Stream<Path> scripts = Files.list(dist.resolve("bin"))) {
                    scripts.forEach(s -> setExecutable(s));
                }
                Processes.run(List.of(dist.resolve("bin").resolve("elasticsearch-plugin").toString(), "install",
                        "--batch", layout.distDir().resolve("es-analysis-plugin.zip").toUri().toString()), dist,
                        environment, Duration.ofMinutes(2));
            }
            Files.createDirectories(home.resolve("data"));
            Files.writeString(dist.resolve("config").resolve("elasticsearch.yml"), configuration(home));
            Files.writeString(dist.resolve("config").resolve("jvm.options.d").resolve("heap.options"),
                    "-Xms" + heap + "\n-Xmx" + heap + "\n");
            ManagedProcess.handOver(home);
            process().start(List.of(dist.resolve("bin").resolve("elasticsearch").toString()), dist, environment, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The unpacked {@code elasticsearch-<version>} folder, or null before the first start. */
    private static Path distribution(Path home) throws IOException {
        if (!Files.isDirectory(home)) {
            return null;
        }
        try (Stream<Path> entries = Files.list(home)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("elasticsearch-")
                    && Files.exists(p.resolve("bin").resolve("elasticsearch"))).findFirst().orElse(null);
        }
    }

    private String configuration(Path home) {
        return String.join("\n",
                "# written by the local stack on every start",
                "cluster.name: chat-inbox-local",
                "node.name: local",
                "path.data: " + home.resolve("data"),
                "path.logs: " + home.resolve("logs"),
                "network.host: 127.0.0.1",
                "http.port: " + port(),
                "transport.port: " + transportPort,
                "discovery.type: single-node",
                "xpack.security.enabled: false",
                // a nearly full developer disk must not turn every index read-only
                "cluster.routing.allocation.disk.threshold_enabled: false",
                "action.destructive_requires_name: false",
                "") + "\n";
    }

    @Override
    boolean isReady() {
        String health = httpGet(url() + "/_cluster/health");
        return health != null && !health.contains("\"status\":\"red\"");
    }

    @Override
    Duration stopGrace() {
        return Duration.ofSeconds(30);
    }

    private static void unzip(Path zip, Path target) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path file = target.resolve(entry.getName()).normalize();
                if (!file.startsWith(target)) {
                    throw new IOException("entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else {
                    Files.createDirectories(file.getParent());
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void setExecutable(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
