package org.chatinbox.search.messaging;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.search.config.SearchConfig;
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
        List<CloudEvent<MessageCreated>> messages = Outage.messages(workspace);
        Outage.sendWhileFrozen("elasticsearch", messages, () -> indexed(workspace), workspace);
    }

    private long indexed(String workspace) throws IOException {
        // one document per conversation: the messages are what its documents count
        var response = client.search(s -> s.index(config.index().name()).size(0)
                .query(q -> q.term(t -> t.field("workspaceId").value(workspace)))
                .aggregations("messages", a -> a.sum(x -> x.field("messageCount"))), Void.class);
        return (long) response.aggregations().get("messages").sum().value();
    }
}
