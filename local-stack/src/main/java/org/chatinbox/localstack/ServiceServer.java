package org.chatinbox.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * One chat-inbox service, run from its Quarkus fast-jar in the local profile: the module's first replica (named as the module)
 * or a further one ({@code conversation-service-2}), which joins the same consumer groups.
 */
final class ServiceServer extends Server {

    private final Path root;
    private final String module;
    private final int heapMegabytes;
    private final Map<String, String> environment;

    ServiceServer(StackLayout layout, Path root, String module, int port, int heapMegabytes, Map<String, String> environment) {
        this(layout, root, module, 1, port, heapMegabytes, environment);
    }

    ServiceServer(StackLayout layout, Path root, String module, int replica, int port, int heapMegabytes,
            Map<String, String> environment) {
        super(layout, replicaName(module, replica), port);
        this.root = root;
        this.module = module;
        this.heapMegabytes = heapMegabytes;
        this.environment = environment;
    }

    static String replicaName(String module, int replica) {
        return replica == 1 ? module : module + "-" + replica;
    }

    String module() {
        return module;
    }

    /** A copy of this service as another replica, on another port. */
    ServiceServer replica(int replica, int port) {
        Map<String, String> env = new java.util.LinkedHashMap<>(environment);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        return new ServiceServer(layout, root, module, replica, port, heapMegabytes, env);
    }

    Path runner() {
        return root.resolve(module).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }

    /**
     * The consumer groups the service joins in the given profiles, each with the topics it reads, as its built jar configures
     * them ({@code mp.messaging.incoming.<channel>.group.id} and {@code .topic}); groups named by an expression are left out.
     */
    Map<String, Set<String>> consumerGroups(List<String> profiles) {
        Properties properties = new Properties();
        try (var app = Files.list(runner().resolveSibling("app"))) {
            Path jar = app.filter(p -> p.toString().endsWith(".jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no application jar beside " + runner()));
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                ZipEntry entry = zip.getEntry("application.properties");
                if (entry != null) {
                    try (var in = zip.getInputStream(entry)) {
                        properties.load(in);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Set<String>> groups = new TreeMap<>();
        String prefix = "mp.messaging.incoming.";
        for (String key : properties.stringPropertyNames()) {
            if (!key.startsWith(prefix) || !key.endsWith(".topic")) {
                continue;
            }
            String channel = key.substring(prefix.length(), key.length() - ".topic".length());
            String group = properties.getProperty(prefix + channel + ".group.id");
            for (String profile : profiles) {
                group = properties.getProperty("%" + profile + "." + prefix + channel + ".group.id", group);
            }
            if (group != null && !group.contains("${")) {
                groups.computeIfAbsent(group, g -> new TreeSet<>()).add(properties.getProperty(key).trim());
            }
        }
        return groups;
    }

    @Override
    void start() {
        if (!Files.exists(runner())) {
            throw new IllegalStateException(runner() + " is missing: build the services first (./mvnw package)");
        }
        // small heaps and the serial collector: six services must fit a laptop beside the servers
        process().start(List.of(layout.javaExecutable().toString(), "-Xms32m", "-Xmx" + heapMegabytes + "m", "-XX:+UseSerialGC",
                "-XX:MaxMetaspaceSize=192m", "-Xss512k", "-jar", runner().toString()), root.resolve(module),
                environment, false);
    }

    @Override
    boolean isReady() {
        return httpGet("http://127.0.0.1:" + port() + "/q/health/ready") != null;
    }
}
