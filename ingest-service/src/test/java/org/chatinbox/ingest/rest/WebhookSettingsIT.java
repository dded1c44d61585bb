package org.chatinbox.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.awaitility.Awaitility;
import org.chatinbox.ingest.messaging.FakePlatformResource;
import org.chatinbox.testsupport.Channel;
import org.chatinbox.testsupport.FakePlatform;
import org.chatinbox.testsupport.FakePlatform.Answer;
import org.chatinbox.testsupport.InboxTestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Integration webhooks as the gateway calls them (internal token, the caller's workspace and roles), against real Kafka and
 * PostgreSQL and a fake subscriber on loopback: registered with a checked URL, signed calls of the announced events, each call
 * listed, a failing subscriber disabled, a delivery sent again on request.
 */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "database", value = "ingest_test"))
@QuarkusTestResource(FakePlatformResource.class)
class WebhookSettingsIT {

    static Channel channel;

    @BeforeAll
    static void open() {
        channel = new Channel();
    }

    @AfterAll
    static void close() {
        channel.close();
    }

    @Test
    void aSubscriberReceivesEachAnnouncedEventSignedWithTheSecretShownOnce() throws Exception {
        FakePlatform platform = FakePlatformResource.platform;
        String path = "/hooks/" + UUID.randomUUID();
        JsonPath created = as("demo", "admin", "admin").contentType("application/json").body(Map.of("url",
                platform.url() + path, "events", List.of("message.created"), "secret", "a-secret-of-the-crm-team"))
                .post("/api/v1/settings/webhooks").then().statusCode(201).header("Location", containsString("/wh_"))
                .body("secret", equalTo("a-secret-of-the-crm-team")).body("enabled", equalTo(true)).extract().jsonPath();
        String id = created.getString("id");
        as("demo", "admin", "admin").get("/api/v1/settings/webhooks").then().statusCode(200)
                .body("items.id", hasItem(id)).body("items.find { it.id == '" + id + "' }.secret", nullValue());

        String conversation = untilReceived(platform, path);
        FakePlatform.Call call = platform.calls(path).stream().filter(c -> c.body().contains(conversation)).findFirst()
                .orElseThrow();
        assertThat(call.header("X-Inbox-Signature")).isEqualTo("sha256=" + hmac("a-secret-of-the-crm-team", call.body()));
        assertThat(call.header("X-Inbox-Delivery")).startsWith("dlv_");
        assertThat(call.header("X-Inbox-Timestamp")).matches("[0-9]{10}");
        assertThat(call.header("Content-Type")).isEqualTo("application/cloudevents+json");
        assertThat(call.body()).contains("\"type\":\"inbox.message.created\"");
        // another workspace's events never reach it
        String elsewhere = Channel.newConversation();
        channel.send(Channel.message("other", elsewhere, "m1", org.chatinbox.events.data.Role.VISITOR, "hello", Instant.now(),
                null));

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("demo", "admin", "admin")
                .get("/api/v1/settings/webhooks/" + id + "/deliveries").then().statusCode(200)
                .body("items[0].outcome", equalTo("delivered")).body("items[0].statusCode", equalTo(200))
                .body("items[0].eventType", equalTo("message.created")));
        assertThat(platform.calls(path)).noneMatch(c -> c.body().contains(elsewhere));
        // another workspace's admin finds no such webhook
        as("other", "olga", "admin").get("/api/v1/settings/webhooks/" + id + "/deliveries").then().statusCode(404);
        as("other", "olga", "admin").delete("/api/v1/settings/webhooks/" + id).then().statusCode(404);
        as("demo", "admin", "admin").delete("/api/v1/settings/webhooks/" + id).then().statusCode(204);
        as("demo", "admin", "admin").delete("/api/v1/settings/webhooks/" + id).then().statusCode(404);
    }

    @Test
    void aSubscriberThatKeepsFailingIsDisabledAndADeliverySentAgainOnRequestEnablesIt() throws Exception {
        FakePlatform platform = FakePlatformResource.platform;
        String path = "/hooks/" + UUID.randomUUID();
        platform.always(path, Answer.status(503, "{\"error\":\"down for maintenance\"}"));
        String id = as("demo", "admin", "admin").contentType("application/json")
                .body(Map.of("url", platform.url() + path, "events", List.of("message.created")))
                .post("/api/v1/settings/webhooks").then().statusCode(201).body("secret", containsString("whsec_")).extract()
                .path("id");
        untilReceived(platform, path);

        // failing every call for disable-after (5 s in tests): disabled, and the list says why
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> as("demo", "admin", "admin")
                .get("/api/v1/settings/webhooks").then().body("items.find { it.id == '" + id + "' }.enabled", equalTo(false))
                .body("items.find { it.id == '" + id + "' }.disabledReason", containsString("503")));
        JsonPath attempts = as("demo", "admin", "admin").queryParam("limit", 2)
                .get("/api/v1/settings/webhooks/" + id + "/deliveries").then().statusCode(200).extract().jsonPath();
        assertThat(attempts.getList("items")).hasSize(2);
        assertThat(attempts.getString("nextCursor")).isNotNull();
        assertThat(attempts.getList("items.statusCode", Integer.class)).containsOnly(503);
        JsonPath older = as("demo", "admin", "admin").queryParam("cursor", attempts.getString("nextCursor"))
                .get("/api/v1/settings/webhooks/" + id + "/deliveries").then().statusCode(200).extract().jsonPath();
        assertThat(older.getList("items.id", Long.class)).allMatch(a -> a < attempts.getLong("items[1].id"));
        assertThat(older.getList("items.outcome")).contains("retrying");

        platform.always(path, Answer.ok());
        long deliveryId = attempts.getLong("items[0].deliveryId");
        as("demo", "admin", "admin").post("/api/v1/settings/webhooks/" + id + "/deliveries/" + deliveryId + "/redeliver")
                .then().statusCode(202).body("deliveryId", equalTo((int) deliveryId));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("demo", "admin", "admin")
                .get("/api/v1/settings/webhooks/" + id + "/deliveries").then().body("items[0].outcome", equalTo("delivered"))
                .body("items[0].deliveryId", equalTo((int) deliveryId)));
        as("demo", "admin", "admin").get("/api/v1/settings/webhooks").then()
                .body("items.find { it.id == '" + id + "' }.enabled", equalTo(true));
        as("demo", "admin", "admin").delete("/api/v1/settings/webhooks/" + id).then().statusCode(204);
    }

    @Test
    void onlyAnAdminOfTheWorkspaceManagesWebhooksAndBadRegistrationsWriteNothing() {
        Map<String, Object> good = Map.of("url", "https://hooks.example.com/inbox", "events", List.of("message.created"));
        as("demo", "alice", "agent").contentType("application/json").body(good).post("/api/v1/settings/webhooks").then()
                .statusCode(403).contentType("application/problem+json");
        as("demo", "alice", "agent").get("/api/v1/settings/webhooks").then().statusCode(403);
        refused(Map.of("url", "http://169.254.169.254/latest/meta-data/", "events", List.of("message.created")), "url",
                "link-local");
        refused(Map.of("url", "http://10.0.0.1/hook", "events", List.of("message.created")), "url", "private");
        refused(Map.of("url", "ftp://hooks.example.com/", "events", List.of("message.created")), "url", "http");
        refused(Map.of("url", "https://hooks.example.com/", "events", List.of("message.sent")), "events[0]",
                "must be message.created");
        refused(Map.of("url", "https://hooks.example.com/", "events", List.of()), "events", "1 to 6");
        refused(Map.of("url", "https://hooks.example.com/", "events", List.of("message.created"), "secret", "short"),
                "secret", "16 to 256");
        as("demo", "admin", "admin").get("/api/v1/settings/webhooks").then().statusCode(200)
                .body("items.url", org.hamcrest.Matchers.not(hasItem(containsString("169.254"))));
        given().contentType("application/json").body(good).post("/api/v1/settings/webhooks").then().statusCode(401);
    }

    private static void refused(Map<String, Object> body, String field, String why) {
        as("demo", "admin", "admin").contentType("application/json").body(body).post("/api/v1/settings/webhooks").then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(field))
                .body("errors.find { it.field == '" + field + "' }.message", containsString(why));
    }

    /** Sends visitor messages until the subscriber has one (the consumer starts at the newest records once assigned). */
    private static String untilReceived(FakePlatform platform, String path) {
        String[] sent = new String[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            if (sent[0] != null && platform.calls(path).stream().anyMatch(c -> c.body().contains(sent[0]))) {
                return true;
            }
            sent[0] = Channel.newConversation();
            channel.send(Channel.visitor(sent[0], "m1", "I was charged twice", Instant.now()));
            return false;
        });
        return sent[0];
    }

    static RequestSpecification as(String workspace, String agent, String roles) {
        return given().header("X-Inbox-Token", "test-internal-token").header("X-Inbox-Workspace", workspace)
                .header("X-Inbox-Agent", agent).header("X-Inbox-Roles", roles);
    }

    private static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
