package org.chatinbox.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One chat-inbox service, run from its Quarkus fast-jar in the local profile. */
final class ServiceServer extends Server {

    private final Path root;
    private final int heapMegabytes;
    private final Map<String, String> environment;

    ServiceServer(StackLayout layout, Path root, String module, int port, int heapMegabytes, Map<String, String> environment) {
        super(layout, module, port);
        this.root = root;
        this.heapMegabytes = heapMegabytes;
        this.environment = environment;
    }

    Path runner() {
        return root.resolve(name()).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }

    @Override
    void start() {
        if (!Files.exists(runner())) {
            throw new IllegalStateException(runner() + " is missing: build the services first (./mvnw package)");
        }
        // small heaps and the serial collector: six services must fit a laptop beside the servers
        process().start(List.of(layout.javaExecutable().toString(), "-Xms32m", "-Xmx" + heapMegabytes + "m", "-XX:+UseSerialGC",
                "-XX:MaxMetaspaceSize=192m", "-Xss512k", "-jar", runner().toString()), root.resolve(name()),
                environment, false);
    }

    @Override
    boolean isReady() {
        return httpGet("http://127.0.0.1:" + port() + "/q/health/ready") != null;
    }
}
