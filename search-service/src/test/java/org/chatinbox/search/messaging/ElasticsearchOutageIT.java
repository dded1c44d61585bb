package org.chatinbox.search.messaging;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.data.ConversationUpdated;
import org.chatinbox.events.data.HandoffChanged;
import org.chatinbox.events.data.Mode;
import org.chatinbox.events.data.Status;
import org.chatinbox.search.config.SearchConfig;
import org.chatinbox.testsupport.Channel;
import org.chatinbox.testsupport.InboxTestStack;
import org.chatinbox.testsupport.Outage;
import org.junit.jupiter.api.Test;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Elasticsearch hung ({@code SIGSTOP}) for minutes while thousands of messages and their conversations' state changes arrive:
 * the service says it is not ready, keeps the events on Kafka, and indexes every one once Elasticsearch answers again. Nothing
 * is dead-lettered for an outage.
 */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "elasticsearch", value = "true"))
class ElasticsearchOutageIT {

    @Inject
    ElasticsearchClient client;

    @Inject
    SearchConfig config;

    @Test
    void fiveThousandMessagesAndTheirConversationsStateSentWhileElasticsearchIsFrozenAreAllIndexedAndNoneDeadLettered()
            throws Exception {
        String workspace = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        List<CloudEvent<?>> events = new ArrayList<>(Outage.messages(workspace));
        // half of the 50 conversations resolved, ten taken over: their state arrives on the two other topics meanwhile
        Instant after = Instant.parse("2026-11-22T11:00:00Z");
        for (int i = 0; i < 25; i++) {
            events.add(Channel.event("evt-" + UUID.randomUUID(), after, new ConversationUpdated(workspace,
                    workspace + "-conv-" + i, Status.RESOLVED, null, List.of("outage"), "bob")));
        }
        for (int i = 0; i < 10; i++) {
            events.add(Channel.event("evt-" + UUID.randomUUID(), after, new HandoffChanged(workspace,
                    workspace + "-conv-" + i, Mode.HUMAN, "alice", false, "alice", null, null)));
        }
        Outage.sendWhileFrozen("elasticsearch", events, () -> indexed(workspace), workspace);
    }

    /** What the index holds of the workspace, counted so that every event sent adds one: messages, resolutions, take-overs. */
    private long indexed(String workspace) throws IOException {
        var response = client.search(s -> s.index(config.index().name()).size(0)
                .query(q -> q.term(t -> t.field("workspaceId").value(workspace)))
                .aggregations("messages", a -> a.sum(x -> x.field("messageCount")))
                .aggregations("resolved", a -> a.filter(f -> f.bool(b -> b.filter(x -> x.term(t -> t.field("status")
                        .value("resolved"))).filter(x -> x.term(t -> t.field("labels").value("outage"))))))
                .aggregations("human", a -> a.filter(f -> f.term(t -> t.field("holder").value("alice")))), Void.class);
        return (long) response.aggregations().get("messages").sum().value()
                + response.aggregations().get("resolved").filter().docCount()
                + response.aggregations().get("human").filter().docCount();
    }
}
