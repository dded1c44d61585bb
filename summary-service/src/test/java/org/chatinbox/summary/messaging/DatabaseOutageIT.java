package org.chatinbox.summary.messaging;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.data.HandoffRequested;
import org.chatinbox.testsupport.Channel;
import org.chatinbox.testsupport.InboxTestStack;
import org.chatinbox.testsupport.Outage;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * PostgreSQL hung ({@code SIGSTOP}) for minutes while 5,000 messages and 50 requests for a human arrive, and the summary worker
 * keeps polling: the service says it is not ready, leaves the events on Kafka, and once the database answers again summarises
 * every conversation over all its messages, handed off. Nothing is dead-lettered for an outage.
 */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "database", value = "summary_test"))
class DatabaseOutageIT {

    static final int CONVERSATIONS = 50;

    @Test
    void eventsSentWhilePostgresIsFrozenAreAllSummarisedAndNoneDeadLettered() throws Exception {
        String workspace = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        List<CloudEvent<?>> events = new ArrayList<>(Outage.messages(workspace));
        // after each conversation's 100 messages, on the same partition
        for (int i = 0; i < CONVERSATIONS; i++) {
            events.add(Channel.event("hr-" + UUID.randomUUID(), Instant.parse("2026-11-22T10:10:00Z"),
                    new HandoffRequested(workspace, workspace + "-conv-" + i, "stuck")));
        }
        Outage.sendWhileFrozen("postgres", events, () -> summarised(workspace), workspace);
    }

    /**
     * The events the summaries show: the messages each conversation's latest summary was made from, and one request for a human
     * for each summary that says the conversation was handed off.
     */
    static long summarised(String workspace) {
        long summarised = 0;
        for (int i = 0; i < CONVERSATIONS; i++) {
            Response summary = given().header("X-Inbox-Token", "test-internal-token").header("X-Inbox-Workspace", workspace)
                    .header("X-Inbox-Agent", "probe").header("X-Inbox-Roles", "agent")
                    .get("/api/v1/conversations/" + workspace + "-conv-" + i + "/summary");
            if (summary.statusCode() == 200) {
                summarised += summary.jsonPath().getInt("messageCount")
                        + ("handed-off".equals(summary.jsonPath().getString("outcome")) ? 1 : 0);
            }
        }
        return summarised;
    }
}
