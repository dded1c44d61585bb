package org.chatinbox.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One chat-inbox service, run from its Quarkus fast-jar in the local profile. */
final class ServiceServer implements Server {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final StackLayout layout;
    private final Path root;
    private final String module;
    private final int port;
    private final Map<String, String> environment;

    ServiceServer(StackLayout layout, Path root, String module, int port, Map<String, String> environment) {
        this.layout = layout;
        this.root = root;
        this.module = module;
        this.port = port;
        this.environment = environment;
    }

    @Override
    public String name() {
        return module;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public ManagedProcess process() {
        return layout.process(name());
    }

    Path runner() {
        return root.resolve(module).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }

    @Override
    public void start() {
        if (!Files.exists(runner())) {
            throw new IllegalStateException(runner() + " is missing: build the services first (./mvnw package)");
        }
        // small heaps and the serial collector: six services must fit a laptop beside the servers
        process().start(List.of(layout.javaExecutable().toString(), "-Xms32m", "-Xmx192m", "-XX:+UseSerialGC",
                "-XX:MaxMetaspaceSize=192m", "-Xss512k", "-jar", runner().toString()), root.resolve(module),
                environment, false);
    }

    @Override
    public boolean isReady() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
