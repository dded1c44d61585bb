package org.chatinbox.search.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.Topics;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Role;
import org.chatinbox.search.config.SearchConfig;
import org.chatinbox.testsupport.Channel;
import org.chatinbox.testsupport.InboxTestStack;
import org.chatinbox.testsupport.Outage;
import org.chatinbox.testsupport.TopicProbe;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Elasticsearch hung ({@code SIGSTOP}) for minutes while thousands of messages arrive: the service says it is not ready, keeps
 * the messages on Kafka, and indexes every one once Elasticsearch answers again. Nothing is dead-lettered for an outage.
 */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "elasticsearch", value = "true"))
class ElasticsearchOutageIT {

    @Inject
    ElasticsearchClient client;

    @Inject
    SearchConfig config;

    @Test
    void fiveThousandMessagesSentWhileElasticsearchIsFrozenAreAllIndexedAndNoneDeadLettered() throws Exception {
        String workspace = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        List<CloudEvent<MessageCreated>> messages = new ArrayList<>();
        Instant t0 = Instant.parse("2026-11-22T10:00:00Z");
        for (int i = 0; i < 5_000; i++) {
            messages.add(Channel.message(workspace, workspace + "-conv-" + (i % 50), "m-" + i,
                    i % 2 == 0 ? Role.VISITOR : Role.BOT, "parcel number " + i, t0.plusMillis(i), null));
        }
        String kafka = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (TopicProbe dlq = TopicProbe.open(kafka, Topics.deadLetter(Topics.MESSAGES)); Channel channel = new Channel()) {
            Instant thawAt;
            try (AutoCloseable frozen = InboxTestStack.freeze("elasticsearch")) {
                thawAt = Instant.now().plus(Outage.length());
                channel.sendAll(messages);
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Outage.readiness() == 503);
                Awaitility.await().atMost(Duration.ofSeconds(60))
                        .until(() -> "DOWN".equals(Outage.check("Kafka consumers storing their events")));
                // not ready for as long as Elasticsearch is away
                Awaitility.await().during(Duration.between(Instant.now(), thawAt)).atMost(Outage.length().plusMinutes(1))
                        .until(() -> Outage.readiness() != 200);
            }
            Awaitility.await().atMost(Duration.ofMinutes(3)).ignoreExceptions()
                    .until(() -> indexed(workspace) == messages.size());
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Outage.readiness() == 200);
            assertThat(dlq.arrived(r -> r.key() != null && r.key().startsWith(workspace))).as("dead-lettered").isEmpty();
        }
    }

    private long indexed(String workspace) throws IOException {
        return client.count(c -> c.index(config.index().name())
                .query(q -> q.term(t -> t.field("workspaceId").value(workspace)))).count();
    }
}
