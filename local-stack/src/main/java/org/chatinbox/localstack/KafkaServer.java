package org.chatinbox.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.GroupNotEmptyException;

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

    /**
     * Deletes the consumer groups that {@code groups} selects, so that their consumers start again from the beginning.
     *
     * @return per group, the end offsets of the partitions it had consumed: where its replay is complete
     */
    Map<String, Map<TopicPartition, Long>> resetConsumerGroups(Predicate<String> groups, Consumer<String> progress) {
        try (Admin admin = admin()) {
            Map<String, Map<TopicPartition, Long>> ends = new LinkedHashMap<>();
            for (var listing : admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS)) {
                if (!groups.test(listing.groupId())) {
                    continue;
                }
                Set<TopicPartition> partitions = admin.listConsumerGroupOffsets(listing.groupId())
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS).keySet();
                Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                        .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
                Map<TopicPartition, Long> groupEnds = new HashMap<>();
                admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                        .forEach((partition, info) -> groupEnds.put(partition, info.offset()));
                ends.put(listing.groupId(), groupEnds);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            for (String group : ends.keySet()) {
                // a member that was killed rather than stopped stays in the group until its session times out
                while (true) {
                    try {
                        admin.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS);
                        progress.accept("deleted consumer group " + group);
                        break;
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof GroupNotEmptyException) || System.nanoTime() > deadline) {
                            throw e;
                        }
                        Thread.sleep(1000);
                    }
                }
            }
            return ends;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot reset the consumer groups on " + bootstrapServers(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Commits, for each group that has no offsets yet, the current ends of its topics: a new group then reads what is produced
     * from now on, not the topics' history.
     *
     * @return the groups that were placed at the ends
     */
    List<String> placeNewGroupsAtEnds(Map<String, Set<String>> groupTopics) {
        try (Admin admin = admin()) {
            List<String> placed = new ArrayList<>();
            for (var group : groupTopics.entrySet()) {
                if (!admin.listConsumerGroupOffsets(group.getKey()).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                        .isEmpty()) {
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
                endOffsets(admin, group.getValue())
                        .forEach((partition, end) -> ends.put(partition, new OffsetAndMetadata(end)));
                admin.alterConsumerGroupOffsets(group.getKey(), ends).all().get(30, TimeUnit.SECONDS);
                placed.add(group.getKey());
            }
            return placed;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot place the consumer groups on " + bootstrapServers(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** How many records the topics hold, from their beginnings to their ends now. */
    long endOffsetSum(List<String> topics) {
        try (Admin admin = admin()) {
            return endOffsets(admin, topics).values().stream().mapToLong(Long::longValue).sum();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read the topics on " + bootstrapServers(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The end offset of every partition of the topics, now. */
    private static Map<TopicPartition, Long> endOffsets(Admin admin, java.util.Collection<String> topics)
            throws ExecutionException, java.util.concurrent.TimeoutException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((topic, description) -> description
                .partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                .forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    /** Waits until each group has committed at least the given offsets. */
    void awaitConsumed(Map<String, Map<TopicPartition, Long>> ends, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            for (var group : ends.entrySet()) {
                while (true) {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.getKey())
                            .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                    boolean done = group.getValue().entrySet().stream().allMatch(end -> end.getValue() == 0
                            || committed.get(end.getKey()) != null && committed.get(end.getKey()).offset() >= end.getValue());
                    if (done) {
                        break;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("group " + group.getKey() + " has not caught up after " + timeout);
                    }
                    Thread.sleep(500);
                }
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read the consumer groups on " + bootstrapServers(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
