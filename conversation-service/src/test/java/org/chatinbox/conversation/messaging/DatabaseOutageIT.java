package org.chatinbox.conversation.messaging;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.UUID;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.testsupport.InboxTestStack;
import org.chatinbox.testsupport.Outage;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * PostgreSQL hung ({@code SIGSTOP}) for minutes while thousands of messages arrive: the service says it is not ready, keeps the
 * messages on Kafka, and stores every one once the database answers again. Nothing is dead-lettered for an outage.
 */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "database", value = "conversation_test"))
class DatabaseOutageIT {

    @Test
    void fiveThousandMessagesSentWhilePostgresIsFrozenAreAllStoredAndNoneDeadLettered() throws Exception {
        String workspace = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        List<CloudEvent<MessageCreated>> messages = Outage.messages(workspace);
        Outage.sendWhileFrozen("postgres", messages, () -> stored(workspace), workspace);
    }

    /** Messages stored for the workspace, by the conversations' counters (50 conversations: one page). */
    static long stored(String workspace) {
        var response = given().header("X-Inbox-Token", "test-internal-token").header("X-Inbox-Workspace", workspace)
                .queryParam("limit", 100).get("/api/v1/conversations");
        if (response.statusCode() != 200) {
            return -1;
        }
        return response.jsonPath().getList("items.messageCount", Integer.class).stream().mapToLong(Integer::longValue).sum();
    }
}
