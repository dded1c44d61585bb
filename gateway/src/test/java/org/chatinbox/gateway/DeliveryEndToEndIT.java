package org.chatinbox.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chatinbox.gateway.EndToEndIT.agent;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.awaitility.Awaitility;
import org.chatinbox.events.EventJson;
import org.chatinbox.testsupport.FakePlatform;
import org.chatinbox.testsupport.FakePlatform.Answer;
import org.chatinbox.testsupport.InboxTestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * An agent's reply reaching the visitor on Telegram, and integration webhooks, as a frontend sees them through the gateway:
 * ingest, conversation, search and handoff services from their jars, and a fake Telegram Bot API and bot callback on port 18481
 * of loopback (where the test profile's ingest-service delivers).
 */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "services", value = "ingest-service,conversation-service,search-service,handoff-service"))
class DeliveryEndToEndIT {

    static final String TELEGRAM = "/telegram/bot123456:test-bot-token/sendMessage";
    static final String TOO_MANY = "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 1\"}";

    static FakePlatform platform;

    @BeforeAll
    static void fakes() {
        platform = FakePlatform.start(18481);
    }

    @AfterAll
    static void close() {
        platform.close();
    }

    @Test
    void aReplyReachesTheTelegramVisitorOnceThroughRetriesAndShowsDelivered() throws Exception {
        long chat = ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000);
        String conversation = telegramVisitorWrites(chat, "Where is my parcel?");
        platform.answerWhen(TELEGRAM, "\"chat_id\":" + chat, Answer.status(429, TOO_MANY).withHeader("Retry-After", "1"),
                Answer.status(429, TOO_MANY).withHeader("Retry-After", "1"), Answer.ok());
        agent("demo-alice-key").post("/api/v1/conversations/" + conversation + "/takeover").then().statusCode(200);

        String messageId;
        String stream = RestAssured.baseURI + ":" + RestAssured.port + "/api/v1/stream?conversationId=" + conversation;
        try (SseClient screen = new SseClient(stream, "demo-alice-key", null)) {
            messageId = agent("demo-alice-key").contentType("application/json")
                    .body("{\"text\": \"Hi, Alice here: it leaves the depot today.\"}")
                    .post("/api/v1/conversations/" + conversation + "/messages").then().statusCode(202).extract()
                    .path("messageId");
            // the agent's screen sees each attempt's outcome live
            assertThat(screen.await(e -> "delivery.updated".equals(e.name()) && e.data().contains("\"delivered\"")).data())
                    .contains(messageId);
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> deliveryState(conversation, messageId),
                "delivered"::equals);
        List<FakePlatform.Call> calls = callsFor(chat);
        assertThat(calls).hasSize(3);
        assertThat(calls).extracting(c -> c.header("Idempotency-Key")).containsOnly(calls.get(0).header("Idempotency-Key"));
        JsonNode sent = EventJson.mapper().readTree(calls.get(2).body());
        assertThat(sent.path("text").asText()).isEqualTo("Hi, Alice here: it leaves the depot today.");
        // the bot was told to stay quiet while Alice holds the conversation
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> platform.calls("/callback/support").stream()
                .anyMatch(c -> c.body().contains(conversation) && c.body().contains("\"bot.paused\"")));
        // the visitor's own messages carry no delivery state
        assertThat(agent("demo-alice-key").get("/api/v1/conversations/" + conversation + "/messages").then().extract()
                .jsonPath().getString("items[0].deliveryState")).isNull();
    }

    @Test
    void aReplyTelegramRefusesShowsFailed() throws Exception {
        long chat = ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000);
        String conversation = telegramVisitorWrites(chat, "hello?");
        platform.answerWhen(TELEGRAM, "\"chat_id\":" + chat, Answer.status(403, "{\"ok\":false,\"error_code\":403,"
                + "\"description\":\"Forbidden: bot was blocked by the user\"}"));
        agent("demo-bob-key").post("/api/v1/conversations/" + conversation + "/takeover").then().statusCode(200);
        String messageId = agent("demo-bob-key").contentType("application/json").body("{\"text\": \"Bob here\"}")
                .post("/api/v1/conversations/" + conversation + "/messages").then().statusCode(202).extract()
                .path("messageId");

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> deliveryState(conversation, messageId),
                "failed"::equals);
        assertThat(callsFor(chat)).hasSize(1);
    }

    @Test
    void aReplyWhoseDeliveryWasNotRecordedBeforeACrashIsSentAgainWithTheSameKey() throws Exception {
        long chat = ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000);
        String conversation = telegramVisitorWrites(chat, "are you there?");
        CompletableFuture<Void> crashed = new CompletableFuture<>();
        platform.answerWhen(TELEGRAM, "\"chat_id\":" + chat, Answer.ok().heldUntil(crashed), Answer.ok());
        agent("demo-alice-key").post("/api/v1/conversations/" + conversation + "/takeover").then().statusCode(200);
        String messageId = agent("demo-alice-key").contentType("application/json").body("{\"text\": \"Yes, Alice here.\"}")
                .post("/api/v1/conversations/" + conversation + "/messages").then().statusCode(202).extract()
                .path("messageId");
        try {
            // Telegram has the reply, and ingest-service dies before it hears back
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> callsFor(chat).size() == 1);
            InboxTestStack.kill("ingest-service");
        } finally {
            crashed.complete(null);
        }
        InboxTestStack.services("ingest-service");

        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> deliveryState(conversation, messageId),
                "delivered"::equals);
        List<FakePlatform.Call> calls = callsFor(chat);
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1).header("Idempotency-Key")).isEqualTo(calls.get(0).header("Idempotency-Key"));
        assertThat(calls.get(1).body()).isEqualTo(calls.get(0).body());
    }

    @Test
    void aWebhookSubscriberReceivesSignedEventsThatVerifyWithTheSecretGivenAtCreation() throws Exception {
        String path = "/hooks/crm-" + UUID.randomUUID();
        JsonPath created = agent("demo-admin-key").contentType("application/json").body(Map.of("url",
                "http://127.0.0.1:18481" + path, "events", List.of("message.created", "handoff.changed")))
                .post("/api/v1/settings/webhooks").then().statusCode(201).extract().jsonPath();
        String id = created.getString("id");
        String secret = created.getString("secret");
        assertThat(secret).startsWith("whsec_");
        assertThat(agent("demo-admin-key").get("/api/v1/settings/webhooks").then().statusCode(200).extract().jsonPath()
                .getString("items.find { it.id == '" + id + "' }.secret")).isNull();

        // the subscriber hears of what happens from its registration on (sent until the first one arrives)
        String[] conversation = new String[1];
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            if (conversation[0] != null
                    && platform.calls(path).stream().anyMatch(c -> c.body().contains("\"" + conversation[0] + "\""))) {
                return true;
            }
            conversation[0] = EndToEndIT.sendVisitorMessage("Please cancel my order");
            return false;
        });
        FakePlatform.Call call = platform.calls(path).stream()
                .filter(c -> c.body().contains("\"" + conversation[0] + "\"")).findFirst().orElseThrow();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(call.header("X-Inbox-Signature"))
                .isEqualTo("sha256=" + HexFormat.of().formatHex(mac.doFinal(call.body().getBytes(StandardCharsets.UTF_8))));
        JsonNode event = EventJson.mapper().readTree(call.body());
        assertThat(event.path("type").asText()).isEqualTo("inbox.message.created");
        assertThat(event.path("data").path("text").asText()).isEqualTo("Please cancel my order");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(agent("demo-admin-key")
                .get("/api/v1/settings/webhooks/" + id + "/deliveries").then().statusCode(200).extract().jsonPath()
                .getList("items.outcome")).contains("delivered"));

        // a take-over is announced too; only admins see the webhooks
        agent("demo-alice-key").post("/api/v1/conversations/" + conversation[0] + "/takeover").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> platform.calls(path).stream()
                .anyMatch(c -> c.body().contains("inbox.handoff.changed") && c.body().contains(conversation[0])));
        agent("other-olga-key").get("/api/v1/settings/webhooks/" + id + "/deliveries").then().statusCode(403);
        agent("demo-admin-key").delete("/api/v1/settings/webhooks/" + id).then().statusCode(204);
    }

    @Test
    void onlyAdminsRegisterWebhooksAndNeverToPrivateOrMetadataAddresses() {
        Map<String, Object> body = Map.of("url", "https://hooks.example.com/inbox", "events", List.of("message.created"));
        agent("demo-alice-key").contentType("application/json").body(body).post("/api/v1/settings/webhooks").then()
                .statusCode(403).contentType("application/problem+json");
        for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[fd00::1]/")) {
            agent("demo-admin-key").contentType("application/json")
                    .body(Map.of("url", url, "events", List.of("message.created"))).post("/api/v1/settings/webhooks").then()
                    .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("url"));
        }
        assertThat(agent("demo-admin-key").get("/api/v1/settings/webhooks").then().statusCode(200).extract().jsonPath()
                .getList("items.url", String.class)).noneMatch(u -> u.contains("169.254") || u.contains("10.0.0.1"));
    }

    /** A Telegram update through the gateway, as Telegram sends it; returns the conversation once the inbox shows it. */
    private static String telegramVisitorWrites(long chat, String text) {
        String update = """
                {"update_id": %d, "message": {"message_id": 1, "date": %d, "chat": {"id": %d, "type": "private"},
                 "from": {"id": %d, "first_name": "Dana", "language_code": "fr"}, "text": "%s"}}"""
                .formatted(chat, Instant.now().getEpochSecond(), chat, chat, text);
        RestAssured.given().header("X-Telegram-Bot-Api-Secret-Token", "demo-telegram-secret").contentType("application/json")
                .body(update.getBytes(StandardCharsets.UTF_8)).post("/api/v1/ingest/webhooks/telegram/demo-telegram").then()
                .statusCode(200);
        String conversation = "tg:" + chat;
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> agent("demo-alice-key")
                .get("/api/v1/conversations/" + conversation).then().statusCode(200));
        return conversation;
    }

    private static List<FakePlatform.Call> callsFor(long chat) {
        return platform.calls(TELEGRAM).stream().filter(c -> c.body().contains("\"chat_id\":" + chat)).toList();
    }

    private static String deliveryState(String conversation, String messageId) {
        return agent("demo-alice-key").get("/api/v1/conversations/" + conversation + "/messages").then().statusCode(200)
                .extract().jsonPath().getString("items.find { it.id == '" + messageId + "' }.deliveryState");
    }
}
