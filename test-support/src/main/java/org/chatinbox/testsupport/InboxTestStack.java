package org.chatinbox.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.chatinbox.localstack.Infrastructure;
import org.chatinbox.localstack.LocalStack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} at the build's real servers: Kafka, PostgreSQL (a database of the test's own, named by the
 * {@code database} argument) and Elasticsearch, started once per build by {@link LocalStack}; with the {@code services}
 * argument (comma-separated modules) also at other services of the suite, run from their jars, for end-to-end tests. The
 * servers outlive the test: the next module's tests reuse them, and they stop when the build ends.
 * <p>
 * With {@code -Dinfra=containers} (a machine with a Docker engine) nothing is started here and Quarkus Dev Services provide the
 * servers instead.
 */
public class InboxTestStack implements QuarkusTestResourceLifecycleManager {

    private String database;
    private boolean elasticsearch;
    private List<String> services = List.of();

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get("database");
        elasticsearch = Boolean.parseBoolean(initArgs.get("elasticsearch"));
        String modules = initArgs.get("services");
        if (modules != null && !modules.isBlank()) {
            services = Arrays.stream(modules.split(",")).map(String::trim).toList();
        }
    }

    @Override
    public Map<String, String> start() {
        if ("containers".equals(System.getProperty("infra"))) {
            return Map.of("quarkus.devservices.enabled", "true");
        }
        Infrastructure infrastructure = database == null
                ? LocalStack.testInfrastructure(projectRoot())
                : LocalStack.testInfrastructure(projectRoot(), database);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.devservices.enabled", "false");
        config.put("kafka.bootstrap.servers", infrastructure.kafkaBootstrapServers());
        if (elasticsearch) {
            config.put("quarkus.elasticsearch.hosts", infrastructure.elasticsearchHosts());
        }
        if (database != null) {
            config.put("quarkus.datasource.jdbc.url", infrastructure.jdbcUrl(database));
            config.put("quarkus.datasource.username", infrastructure.postgresUser());
            config.put("quarkus.datasource.password", infrastructure.postgresPassword());
        }
        if (!services.isEmpty()) {
            // other services of the suite, running from their built jars: end-to-end tests call them for real
            LocalStack.testServices(projectRoot(), services.toArray(String[]::new)).forEach(
                    (module, url) -> config.put("quarkus.rest-client." + module.replace("-service", "") + ".url", url));
        }
        return config;
    }

    @Override
    public void stop() {
        // the servers serve the whole build; the build's end stops them
    }

    /**
     * Freezes a server of the build's stack until the returned handle is closed, to show what a service answers while Kafka,
     * PostgreSQL or Elasticsearch hangs.
     */
    public static AutoCloseable freeze(String server) {
        return LocalStack.freeze(projectRoot(), server);
    }

    /** The build's servers, for tests that run without a Quarkus application of their own. */
    public static Infrastructure infrastructure(String... databases) {
        return LocalStack.testInfrastructure(projectRoot(), databases);
    }

    /** Kills a server or service of the build's stack at once, as a crash would. */
    public static void kill(String server) {
        LocalStack.kill(projectRoot(), server);
    }

    /**
     * Drops a test service's database and consumer groups, starts it again and returns once it has replayed the topics (as
     * {@code inbox rebuild} does for the local stack); returns how many records it replayed.
     */
    public static long rebuild(String module) {
        return LocalStack.rebuildTestService(projectRoot(), module);
    }

    /** Starts services of the suite from their jars (again, after a {@link #kill}); returns their base URLs. */
    public static Map<String, String> services(String... modules) {
        return LocalStack.testServices(projectRoot(), modules);
    }

    /**
     * Runs {@code count} replicas of a service of the build's stack in the same consumer groups (as {@code inbox up --scale});
     * replicas above the count stop. Returns each replica's base URL by its name ({@code conversation-service-2}, ...).
     */
    public static Map<String, String> scale(String module, int count) {
        return LocalStack.scaleTestService(projectRoot(), module, count);
    }

    /** The project folder: as the build says, else the nearest folder up holding the Maven wrapper's {@code .mvn}. */
    static Path projectRoot() {
        String root = System.getProperty("chatinbox.root");
        if (root != null && !root.isBlank()) {
            return Path.of(root);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".mvn")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the project folder: set -Dchatinbox.root");
    }
}
