package org.chatinbox.search.index;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;

/**
 * A new version of the index is filled from Kafka (its consumer groups start at the beginning of every topic) behind the alias,
 * which keeps naming the old one; once this version's groups have committed every record the topics held when the filling
 * began, the alias is switched in one atomic change. Any replica may do it: the check reads the alias and the groups' committed
 * offsets, not its own state. The alias only ever moves forward: an older version started beside a newer index says so and
 * leaves it.
 */
@ApplicationScoped
public class AliasSwitch {

    private static final Logger LOG = Logger.getLogger(AliasSwitch.class);

    private final ConversationIndex index;
    private final Map<String, Object> adminConfig = new HashMap<>();
    /** Each consumer group of this version and its topic. */
    private final Map<String, String> groups = new HashMap<>();
    /** Where the topics ended when this version was first seen behind an older one. */
    private volatile Map<TopicPartition, Long> boundary;

    public AliasSwitch(ConversationIndex index, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "mp.messaging.incoming.messages.group.id") String messagesGroup,
            @ConfigProperty(name = "mp.messaging.incoming.messages.topic") String messagesTopic,
            @ConfigProperty(name = "mp.messaging.incoming.conversations.group.id") String conversationsGroup,
            @ConfigProperty(name = "mp.messaging.incoming.conversations.topic") String conversationsTopic,
            @ConfigProperty(name = "mp.messaging.incoming.handoff.group.id") String handoffGroup,
            @ConfigProperty(name = "mp.messaging.incoming.handoff.topic") String handoffTopic) {
        this.index = index;
        kafkaConfig.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                adminConfig.put(key, value);
            }
        });
        groups.put(messagesGroup, messagesTopic);
        groups.put(conversationsGroup, conversationsTopic);
        groups.put(handoffGroup, handoffTopic);
    }

    @Scheduled(every = "${inbox.index.switch-check:2s}", delayed = "${inbox.index.switch-check:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        try {
            Set<String> aliased = index.aliased();
            if (aliased.isEmpty()) {
                index.ensureAliased(); // the index was deleted under the service, and a write brought it back
                return;
            }
            if (aliased.equals(Set.of(index.indexName()))) {
                boundary = null;
                return;
            }
            int mine = index.versionOf(index.indexName());
            if (aliased.stream().anyMatch(name -> index.versionOf(name) > mine)) {
                LOG.errorf("alias %s names %s, newer than this service's %s: searches read the newer index, which this "
                        + "service does not fill; run the newer version", index.searchName(), aliased, index.indexName());
                return;
            }
            try (Admin admin = Admin.create(adminConfig)) {
                if (boundary == null) {
                    boundary = ends(admin);
                    LOG.infof("filling %s from Kafka behind alias %s (on %s), up to the %d records the topics hold now",
                            index.indexName(), index.searchName(), aliased,
                            boundary.values().stream().mapToLong(Long::longValue).sum());
                }
                if (caughtUp(admin)) {
                    index.switchAlias(aliased);
                    boundary = null;
                }
            }
        } catch (Exception e) {
            // Kafka or Elasticsearch away: the old index keeps answering, the next check tries again
            LOG.debugf("alias switch check: %s", e.toString());
        }
    }

    private Map<TopicPartition, Long> ends(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        var topics = admin.describeTopics(List.copyOf(groups.values())).allTopicNames().get(30, TimeUnit.SECONDS);
        topics.forEach((topic, description) -> description.partitions()
                .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> latest = new HashMap<>();
        admin.listOffsets(request).all().get(30, TimeUnit.SECONDS)
                .forEach((partition, info) -> latest.put(partition, info.offset()));
        return latest;
    }

    /** Whether every group has committed, on every partition of its topic, at least up to the boundary. */
    private boolean caughtUp(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        for (var group : groups.entrySet()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.getKey())
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            for (var end : boundary.entrySet()) {
                if (!end.getKey().topic().equals(group.getValue()) || end.getValue() == 0) {
                    continue;
                }
                OffsetAndMetadata at = committed.get(end.getKey());
                if (at == null || at.offset() < end.getValue()) {
                    return false;
                }
            }
        }
        return true;
    }
}
