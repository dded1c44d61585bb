package org.chatinbox.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;

/** An Apache Kafka broker in KRaft combined mode (broker and controller in one process), single node. */
final class KafkaServer extends Server {

    private final int controllerPort;
    private final String heap;

    KafkaServer(StackLayout layout, int port, int controllerPort, String heap) {
        super(layout, "kafka", port);
        this.controllerPort = controllerPort;
        this.heap = heap;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port();
    }

    @Override
    void start() {
        Path home = layout.home(name());
        Path config = home.resolve("server.properties");
        Path log4j = home.resolve("log4j2.properties");
        try {
            Files.createDirectories(home);
            Files.writeString(config, serverProperties(home.resolve("data")));
            Files.writeString(log4j, LOG4J);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Files.exists(home.resolve("data").resolve("meta.properties"))) {
            List<String> format = java(log4j, "kafka.tools.StorageTool", "format", "--standalone", "-t",
                    Uuid.randomUuid().toString(), "-c", config.toString());
            Processes.run(format, home, Duration.ofMinutes(2));
        }
        process().start(java(log4j, "kafka.Kafka", config.toString()), home, Map.of(), false);
    }

    private List<String> java(Path log4j, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(layout.javaExecutable().toString(),
                "-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
                "-Djava.awt.headless=true", "-Dlog4j2.configurationFile=" + log4j,
                "-cp", layout.distDir().resolve("kafka") + "/*", mainClass));
        command.addAll(List.of(args));
        return command;
    }

    private String serverProperties(Path data) {
        String controller = "127.0.0.1:" + controllerPort;
        return String.join("\n",
                "# written by the local stack on every start",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=" + controller,
                "listeners=PLAINTEXT://127.0.0.1:" + port() + ",CONTROLLER://" + controller,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port() + ",CONTROLLER://" + controller,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + data,
                "num.partitions=1",
                // topics are created explicitly with their partitions and retention: a typo must not make a topic
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.segment.bytes=104857600",
                "") + "\n";
    }

    @Override
    boolean isReady() {
        try (Admin admin = admin()) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception notYet) {
            return false;
        }
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }

    /** Creates the topics that do not exist yet. Existing topics are left as they are. */
    void createTopics(List<TopicSpec> topics) {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name()))
                    .map(t -> new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.retentionMs() < 0
                            ? Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")
                            : Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(t.retentionMs()))))
                    .collect(Collectors.toList());
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create the topics on " + bootstrapServers(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A topic of the stack: its partitions, and how long it keeps records (-1: for ever). */
    record TopicSpec(String name, int partitions, long retentionMs) {
    }

    private static final String LOG4J = """
            # written by the local stack: the broker logs to its standard output, which goes to logs/kafka.log
            status = warn
            appender.console.type = Console
            appender.console.name = STDOUT
            appender.console.layout.type = PatternLayout
            appender.console.layout.pattern = [%d] %p %m (%c)%n
            rootLogger.level = INFO
            rootLogger.appenderRef.stdout.ref = STDOUT
            logger.kafka.name = kafka
            logger.kafka.level = WARN
            logger.apache.name = org.apache.kafka
            logger.apache.level = WARN
            logger.server.name = kafka.server.KafkaRaftServer
            logger.server.level = INFO
            """;
}
