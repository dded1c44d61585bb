package org.chatinbox.conversation.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.chatinbox.testsupport.InboxTestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;

/**
 * The service's own jar, killed ({@code SIGKILL}) in the middle of a stream of 10,000 events (the rest arrives while it is
 * down) and started again: every message is there exactly once. Offsets are committed only after the database, and the writes
 * are idempotent, so what was in flight at the crash is replayed without a duplicate.
 */
class CrashRecoveryIT {

    /** The service from its jar is a second read model beside this module's own application: see the module's pom. */
    @AfterAll
    static void stopTheService() {
        InboxTestStack.kill("conversation-service");
    }

    static final int CONVERSATIONS = 50;
    static final int MESSAGES_EACH = 200;
    static final int TOTAL = CONVERSATIONS * MESSAGES_EACH;

    @Test
    void killedInTheMiddleOfTenThousandEventsAndRestartedFindsExactlyTenThousandMessages() throws Exception {
        String kafka = InboxTestStack.infrastructure().kafkaBootstrapServers();
        String url = InboxTestStack.services("conversation-service").get("conversation-service");
        TestStream stream = new TestStream(kafka, "crash-" + UUID.randomUUID().toString().substring(0, 8), CONVERSATIONS);

        // the first half goes out; the service is killed as soon as it has stored some of it, the rest is sent while it is down
        stream.produce(0, TOTAL / 2);
        // read while the service still answers: what it had stored just before the kill
        AtomicLong atCrash = new AtomicLong();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> atCrash.updateAndGet(previous -> stream.stored(url)) > 0);
        InboxTestStack.kill("conversation-service");
        stream.produce(TOTAL / 2, TOTAL);

        InboxTestStack.services("conversation-service");
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> stream.stored(url) >= TOTAL);
        assertThat(atCrash.get()).as("messages stored just before the kill").isPositive().isLessThan(TOTAL);
        assertThat(stream.stored(url)).isEqualTo(TOTAL);
        JsonPath page = stream.inbox(url).queryParam("limit", 100).get("/api/v1/conversations").then().statusCode(200)
                .extract().jsonPath();
        assertThat(page.getList("items.messageCount", Integer.class)).hasSize(CONVERSATIONS).containsOnly(MESSAGES_EACH);
    }
}
