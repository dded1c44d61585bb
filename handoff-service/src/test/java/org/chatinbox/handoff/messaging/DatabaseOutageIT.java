package org.chatinbox.handoff.messaging;

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
 * PostgreSQL hung ({@code SIGSTOP}) for minutes while 5,000 messages and 50 requests for a human arrive: the service says it is
 * not ready, leaves the events on Kafka, and applies every one once the database answers again. Nothing is dead-lettered for an
 * outage.
 */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "database", value = "handoff_test"))
class DatabaseOutageIT {

    static final int CONVERSATIONS = 50;

    @Test
    void eventsSentWhilePostgresIsFrozenAreAllAppliedAndNoneDeadLettered() throws Exception {
        String workspace = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        List<CloudEvent<?>> events = new ArrayList<>(Outage.messages(workspace));
        // after each conversation's 100 messages, on the same partition: applied only once they all are
        for (int i = 0; i < CONVERSATIONS; i++) {
            events.add(Channel.event("hr-" + UUID.randomUUID(), Instant.parse("2026-11-22T10:10:00Z"),
                    new HandoffRequested(workspace, workspace + "-conv-" + i, "stuck")));
        }
        Outage.sendWhileFrozen("postgres", events, () -> applied(workspace), workspace);
    }

    /**
     * The events applied, as far as they show: 100 messages for each conversation the service knows, one request for each that
     * now needs a human.
     */
    static long applied(String workspace) {
        long applied = 0;
        for (int i = 0; i < CONVERSATIONS; i++) {
            Response state = given().header("X-Inbox-Token", "test-internal-token").header("X-Inbox-Workspace", workspace)
                    .header("X-Inbox-Agent", "probe").get("/api/v1/conversations/" + workspace + "-conv-" + i + "/handoff");
            if (state.statusCode() == 200) {
                applied += 100 + (state.jsonPath().getBoolean("needsHuman") ? 1 : 0);
            }
        }
        return applied;
    }
}
