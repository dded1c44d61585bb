package org.chatinbox.gateway;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.chatinbox.testsupport.InboxTestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Two replicas of the gateway ({@code inbox up --scale gateway=2}, an HPA in deploy/k8s): this module's application and the
 * gateway's jar beside it. Each reads every event in a consumer group of its own, so the agents connected to either see every
 * event, whichever replica the channel's request went through.
 */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "services", value = "ingest-service,conversation-service,search-service,handoff-service,summary-service"))
class GatewayScaleOutIT {

    @AfterAll
    static void stopTheSecondReplica() {
        InboxTestStack.kill("gateway");
    }

    @Test
    void eachOfTwoReplicasStreamsEveryEventToItsOwnAgents() throws Exception {
        Map<String, String> gateways = Map.of("gateway", RestAssured.baseURI + ":" + RestAssured.port, "gateway-2",
                InboxTestStack.services("gateway").get("gateway"));
        String conversation = "conv-scale-" + UUID.randomUUID();

        try (SseClient alice = new SseClient(gateways.get("gateway") + "/api/v1/stream", "demo-alice-key", null);
                SseClient bob = new SseClient(gateways.get("gateway-2") + "/api/v1/stream", "demo-bob-key", null)) {
            // a replica's consumer joins its group a moment after the stream answers: knock until both hear the same message
            List<String> knocks = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                knocks.add(send(gateways.get("gateway-2"), conversation, "knock-" + knocks.size()));
                return knocks.stream().anyMatch(k -> heard(alice, k) && heard(bob, k));
            });

            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                // half through each replica, as a load balancer spreads the channels' requests
                sent.add(send(gateways.get(i % 2 == 0 ? "gateway" : "gateway-2"), conversation, "msg-" + i));
            }
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> sent.stream().allMatch(id -> heard(alice, id) && heard(bob, id)));
        }
    }

    static boolean heard(SseClient client, String messageId) {
        // the event as the channel wrote it, spaces and all
        java.util.regex.Pattern id = java.util.regex.Pattern.compile("\"messageId\"\\s*:\\s*\"" + messageId + "\"");
        return client.events().stream().anyMatch(e -> "message.created".equals(e.name()) && id.matcher(e.data()).find());
    }

    /** A visitor's message through one replica's ingest route; returns its id. */
    static String send(String gateway, String conversation, String messageId) {
        WebChannel.visitorWrites(given().baseUri(gateway), conversation, messageId, "Visitor", "hello from " + messageId,
                "support-bot");
        return messageId;
    }
}
