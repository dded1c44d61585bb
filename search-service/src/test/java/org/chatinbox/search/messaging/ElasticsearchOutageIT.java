package org.chatinbox.search.messaging;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Role;
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
        Outage.sendWhileFrozen("elasticsearch", messages, () -> indexed(workspace), workspace);
    }

    private long indexed(String workspace) throws IOException {
        return client.count(c -> c.index(config.index().name())
                .query(q -> q.term(t -> t.field("workspaceId").value(workspace)))).count();
    }
}
