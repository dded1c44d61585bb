package org.chatinbox.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.chatinbox.events.Topics;

/**
 * The whole local stack: Kafka, PostgreSQL and Elasticsearch, the contract's topics and one database per service, and the six
 * services on top. Every step is idempotent: what runs already is kept, what died is started again.
 */
final class Stack {

    /** Services in start order, with their port, and their database where they have one. */
    static final List<ServiceSpec> SERVICES = List.of(
            // ingest holds Yauaa's user-agent rules in memory (~120 MB); conversation-service's batches of 1,000 events spent a
            // third of their time in full collections at 192 MB
            new ServiceSpec("ingest-service", 8081, "inbox_ingest", false, 512),
            new ServiceSpec("conversation-service", 8082, "inbox_conversation", false, 320),
            new ServiceSpec("search-service", 8083, null, true, 384),
            new ServiceSpec("handoff-service", 8084, "inbox_handoff", false, 192),
            new ServiceSpec("summary-service", 8085, "inbox_summary", false, 256),
            new ServiceSpec("gateway", 8080, null, false, 192));

    /** Event topics are the source of truth (the read models are rebuilt from them): they keep records for ever. */
    static final List<TopicSpec> TOPICS = topics();

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    /** The most replicas of a service: each topic has 12 partitions, and a consumer beyond them would have none. */
    static final int MAX_REPLICAS = 12;

    private final StackLayout layout;
    private final Path root;
    private final KafkaServer kafka;
    private final PostgresServer postgres;
    private final ElasticsearchServer elasticsearch;
    private final boolean fixedPorts;

    private Stack(StackLayout layout, Path root, boolean fixedPorts) {
        this.layout = layout;
        this.fixedPorts = fixedPorts;
        this.root = root;
        this.kafka = new KafkaServer(layout, layout.port("kafka", fixedPorts ? env("INBOX_KAFKA_PORT", 9092) : 0),
                layout.port("kafka.controller", fixedPorts ? env("INBOX_KAFKA_CONTROLLER_PORT", 9093) : 0), "512m");
        this.postgres = new PostgresServer(layout, layout.port("postgres", fixedPorts ? env("INBOX_POSTGRES_PORT", 15432) : 0));
        this.elasticsearch = new ElasticsearchServer(layout,
                layout.port("elasticsearch", fixedPorts ? env("INBOX_ELASTICSEARCH_PORT", 9200) : 0),
                layout.port("elasticsearch.transport", fixedPorts ? env("INBOX_ELASTICSEARCH_TRANSPORT_PORT", 9300) : 0),
                "512m");
    }

    /** The developer's stack: the contract's fixed ports (Kafka on 9092, the gateway on 8080). */
    static Stack local(Path root, Path dir) {
        return new Stack(new StackLayout(dir, distDir(root)), root, true);
    }

    /** A test stack: free ports, so that it never collides with a developer's running stack. */
    static Stack forTests(Path root, Path dir) {
        return new Stack(new StackLayout(dir, distDir(root)), root, false);
    }

    static Path distDir(Path root) {
        return root.resolve("local-stack").resolve("distributions").resolve("target").resolve("stack-dist");
    }

    StackLayout layout() {
        return layout;
    }

    List<Server> infrastructure() {
        return List.of(kafka, postgres, elasticsearch);
    }

    Infrastructure addresses() {
        return new Infrastructure(kafka.bootstrapServers(), "127.0.0.1:" + postgres.port(), PostgresServer.USER,
                PostgresServer.PASSWORD, "127.0.0.1:" + elasticsearch.port());
    }

    /** Starts the servers that are not running, waits until all answer, then creates topics and databases. */
    Infrastructure upInfrastructure(List<String> databases, Consumer<String> progress) {
        startAndAwait(infrastructure(), progress);
        kafka.createTopics(TOPICS);
        postgres.createDatabases(databases);
        return addresses();
    }

    /**
     * The six services. The developer's stack runs them in the {@code local} profile on the contract's ports; a test stack runs
     * them in the {@code test} profile (the test keys and internal token) on free ports.
     */
    List<ServiceServer> services() {
        Infrastructure infra = addresses();
        List<ServiceServer> services = new ArrayList<>();
        for (ServiceSpec spec : SERVICES) {
            Map<String, String> environment = new LinkedHashMap<>();
            // e2e marks a service a test started, e.g. so its consumers join groups of their own
            environment.put("QUARKUS_PROFILE", fixedPorts ? "local" : "test,e2e");
            environment.put("QUARKUS_HTTP_PORT", Integer.toString(servicePort(spec)));
            environment.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers());
            if (spec.database() != null) {
                environment.put("QUARKUS_DATASOURCE_JDBC_URL", infra.jdbcUrl(spec.database()));
                environment.put("QUARKUS_DATASOURCE_USERNAME", infra.postgresUser());
                environment.put("QUARKUS_DATASOURCE_PASSWORD", infra.postgresPassword());
            }
            if (spec.elasticsearch()) {
                environment.put("QUARKUS_ELASTICSEARCH_HOSTS", infra.elasticsearchHosts());
                environment.put("INBOX_INDEX_VERSION", Integer.toString(indexVersion()));
            }
            for (ServiceSpec other : SERVICES) {
                environment.put(urlVariable(other.module()), "http://127.0.0.1:" + servicePort(other));
            }
            services.add(new ServiceServer(layout, root, spec.module(), servicePort(spec), spec.heapMegabytes(), environment));
        }
        return services;
    }

    private int servicePort(ServiceSpec spec) {
        return layout.port(spec.module(), fixedPorts ? spec.port() : 0);
    }

    /** {@code INBOX_CONVERSATION_URL} for conversation-service: how each service finds the others. */
    static String urlVariable(String module) {
        return "INBOX_" + module.replace("-service", "").toUpperCase(java.util.Locale.ROOT) + "_URL";
    }

    /** Starts the named services (and their databases) if they are not running; returns their base URLs. */
    Map<String, String> upServices(List<String> modules, Consumer<String> progress) {
        List<String> databases = SERVICES.stream().filter(s -> modules.contains(s.module()) && s.database() != null)
                .map(ServiceSpec::database).toList();
        upInfrastructure(databases, progress);
        List<ServiceServer> wanted = services().stream().filter(s -> modules.contains(s.name())).toList();
        if (!fixedPorts) {
            // an end-to-end test reads what it sends: a test service's new groups skip the events the build's earlier
            // modules sent (replaying them cost minutes of CPU on two cores); a rebuild still replays everything
            for (ServiceServer service : wanted) {
                if (!service.process().isAlive()) {
                    kafka.placeNewGroupsAtEnds(service.consumerGroups(List.of("test", "e2e")))
                            .forEach(group -> progress.accept("consumer group " + group + " starts at the topics' ends"));
                }
            }
        }
        startAndAwait(new ArrayList<>(wanted), progress);
        Map<String, String> urls = new LinkedHashMap<>();
        wanted.forEach(s -> urls.put(s.name(), "http://127.0.0.1:" + s.port()));
        return urls;
    }

    /**
     * Runs {@code count} replicas of a service: the first as {@link #upServices} starts it, the others as {@code <module>-2},
     * {@code -3} ... (the developer's stack: on the module's port plus 100, 200 ...; a test stack: free ports), each joining
     * the same consumer groups; replicas above the count are stopped.
     *
     * @return each replica's base URL, by its name
     */
    Map<String, String> scale(String module, int count, Consumer<String> progress) {
        if (count < 1 || count > MAX_REPLICAS) {
            throw new IllegalArgumentException(
                    "replicas of " + module + ": 1 to " + MAX_REPLICAS + " (the topics' partitions)");
        }
        Map<String, String> urls = new LinkedHashMap<>(upServices(List.of(module), progress));
        ServiceServer first = services().stream().filter(s -> s.module().equals(module)).findFirst().orElseThrow();
        List<Server> more = new ArrayList<>();
        for (int replica = 2; replica <= MAX_REPLICAS; replica++) {
            String name = ServiceServer.replicaName(module, replica);
            if (replica <= count) {
                more.add(first.replica(replica, layout.port(name, fixedPorts ? replicaPort(first.port(), replica) : 0)));
            } else {
                ManagedProcess process = layout.process(name);
                if (process.stop(first.stopSignal(), first.stopGrace())) {
                    progress.accept("stopped " + name);
                }
            }
        }
        startAndAwait(more, progress);
        more.forEach(r -> urls.put(r.name(), "http://127.0.0.1:" + r.port()));
        return urls;
    }

    /** A further replica's port on the developer's stack: the module's own plus 100 for each (gateway-2 on 8180). */
    static int replicaPort(int port, int replica) {
        return port + 100 * (replica - 1);
    }

    /** The further replicas (2 to {@link #MAX_REPLICAS}) that were started, each at the port it was given. */
    List<ServiceServer> replicas() {
        List<ServiceServer> replicas = new ArrayList<>();
        for (ServiceServer first : services()) {
            for (int replica = 2; replica <= MAX_REPLICAS; replica++) {
                String name = ServiceServer.replicaName(first.module(), replica);
                int number = replica;
                layout.knownPort(name).ifPresent(port -> replicas.add(first.replica(number, port)));
            }
        }
        return replicas;
    }

    /** Everything: servers, topics, databases, then the services. */
    void up(Consumer<String> progress) {
        upInfrastructure(SERVICES.stream().map(ServiceSpec::database).filter(d -> d != null).toList(), progress);
        startAndAwait(new ArrayList<>(services()), progress);
    }

    /**
     * Drops a service's read model and rebuilds it from the event topics: stops the service, recreates its database, deletes
     * its consumer groups (so it reads every topic from the beginning), starts it and waits until it has consumed up to where
     * the topics ended when the rebuild began.
     *
     * @return how many records the service replayed
     */
    long rebuild(String module, Consumer<String> progress) {
        ServiceSpec spec = SERVICES.stream().filter(s -> s.module().equals(module)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + module));
        if (spec.database() == null && !spec.elasticsearch()) {
            throw new IllegalArgumentException(module + " keeps no read model to rebuild");
        }
        // a rebuild replays into one replica: the others would consume the old groups or write the old read model
        for (ServiceServer replica : replicas()) {
            if (replica.module().equals(module) && replica.process().stop(replica.stopSignal(), replica.stopGrace())) {
                progress.accept(
                        "stopped " + replica.name() + " (the rebuild runs one replica: scale up again once it is done)");
            }
        }
        if (spec.elasticsearch()) {
            return rebuildIndex(module, progress);
        }
        upInfrastructure(List.of(spec.database()), progress);
        ServiceServer service = services().stream().filter(s -> s.name().equals(module)).findFirst().orElseThrow();
        if (service.process().stop(service.stopSignal(), service.stopGrace())) {
            progress.accept("stopped " + module);
        }
        postgres.dropDatabase(spec.database());
        postgres.createDatabases(List.of(spec.database()));
        progress.accept("recreated database " + spec.database());
        // a test stack's services consume in groups of their own (suffix -e2e), beside the modules' in-process applications
        var ends = kafka.resetConsumerGroups(group -> group.startsWith(module) && group.endsWith("-e2e") == !fixedPorts,
                progress);
        startAndAwait(List.of(service), progress);
        long records = ends.values().stream().flatMap(e -> e.values().stream()).mapToLong(Long::longValue).sum();
        progress.accept("replaying " + records + " records ...");
        kafka.awaitConsumed(ends, Duration.ofMinutes(30));
        return records;
    }

    /**
     * Fills a new version of search-service's index from the topics while the old one answers, then lets the service switch the
     * alias: the service restarts with the next index version (its consumer groups, new, read every topic from the beginning),
     * searches read the old index through the alias meanwhile, and the service moves the alias in one atomic step once its
     * groups have caught up. The old index is deleted afterwards.
     *
     * @return how many records the topics held when the filling began
     */
    private long rebuildIndex(String module, Consumer<String> progress) {
        upInfrastructure(List.of(), progress);
        int old = indexVersion();
        int next = old + 1;
        String alias = fixedPorts ? "inbox-search" : "inbox-search-e2e";
        try {
            Files.writeString(indexVersionFile(), Integer.toString(next));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServiceServer service = services().stream().filter(s -> s.name().equals(module)).findFirst().orElseThrow();
        if (service.process().stop(service.stopSignal(), service.stopGrace())) {
            progress.accept("stopped " + module + " (index version " + old + ")");
        }
        long records = kafka.endOffsetSum(List.of(Topics.MESSAGES, Topics.CONVERSATIONS, Topics.HANDOFF));
        startAndAwait(List.of(service), progress);
        progress.accept("filling " + alias + "-v" + next + " from " + records + " records; searches answer from "
                + alias + "-v" + old + " until it has caught up ...");
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (!isAliased(alias, alias + "-v" + next)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(alias + "-v" + next + " has not caught up after 30 minutes; see "
                        + service.process().logFile());
            }
            pause();
        }
        progress.accept("alias " + alias + " switched to " + alias + "-v" + next);
        Server.httpDelete(elasticsearch.url() + "/" + alias + "-v" + old);
        progress.accept("deleted " + alias + "-v" + old);
        return records;
    }

    private boolean isAliased(String alias, String index) {
        String aliases = Server.httpGet(elasticsearch.url() + "/_alias/" + alias);
        return aliases != null && aliases.contains("\"" + index + "\"");
    }

    /** The version of search-service's index this stack runs, kept beside the servers' data. */
    private int indexVersion() {
        try {
            Path file = indexVersionFile();
            return Files.exists(file) ? Integer.parseInt(Files.readString(file).trim()) : 1;
        } catch (IOException | NumberFormatException e) {
            return 1;
        }
    }

    private Path indexVersionFile() {
        return layout.dir().resolve("search-index.version");
    }

    /** Stops the services, then the servers. */
    void down(Consumer<String> progress) {
        List<Server> all = new ArrayList<>(replicas());
        all.addAll(services());
        all.addAll(infrastructure());
        for (Server server : all) {
            if (server.process().stop(server.stopSignal(), server.stopGrace())) {
                progress.accept("stopped " + server.name());
            }
        }
    }

    /** Each component with its pid, port and whether it answers. */
    List<String> status() {
        List<Server> all = new ArrayList<>(infrastructure());
        all.addAll(services());
        all.addAll(replicas().stream().filter(r -> r.process().isAlive()).toList());
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-22s %-8s %-6s %s", "COMPONENT", "PID", "PORT", "STATE"));
        for (Server server : all) {
            var handle = server.process().handle();
            String state = handle.isEmpty() ? "stopped" : server.isReady() ? "ready" : "starting (not ready)";
            lines.add(String.format("%-22s %-8s %-6d %s", server.name(), handle.map(h -> Long.toString(h.pid())).orElse("-"),
                    server.port(), state));
        }
        return lines;
    }

    private void startAndAwait(List<Server> servers, Consumer<String> progress) {
        List<Server> waiting = new ArrayList<>();
        for (Server server : servers) {
            if (server.process().isAlive() && server.isReady()) {
                progress.accept(server.name() + " already running on port " + server.port());
                continue;
            }
            if (!server.process().isAlive()) {
                progress.accept("starting " + server.name() + " on port " + server.port());
                server.start();
            }
            waiting.add(server);
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!waiting.isEmpty()) {
            for (Server server : List.copyOf(waiting)) {
                if (server.isReady()) {
                    progress.accept(server.name() + " ready");
                    waiting.remove(server);
                } else if (!server.process().isAlive()) {
                    throw new IllegalStateException(server.name() + " exited while starting; its log ("
                            + server.process().logFile() + ") ends with:\n" + tail(server.process().logFile()));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not ready after " + READY_TIMEOUT + ": "
                        + waiting.stream().map(Server::name).toList());
            }
            if (!waiting.isEmpty()) {
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static List<TopicSpec> topics() {
        List<TopicSpec> topics = new ArrayList<>();
        // what channels must still deliver, and how that went, matters for days, not for ever
        List<String> shortLived = List.of(Topics.OUTBOUND, Topics.DELIVERY);
        for (String topic : Topics.ALL) {
            topics.add(new TopicSpec(topic, 12, shortLived.contains(topic) ? Duration.ofDays(7).toMillis() : -1));
            topics.add(new TopicSpec(Topics.deadLetter(topic), 1, Duration.ofDays(30).toMillis()));
        }
        return List.copyOf(topics);
    }

    private static int env(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    /** A service of the suite: its Maven module, HTTP port, database (or null), and whether it uses Elasticsearch. */
}
