package org.chatinbox.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventJson;
import org.chatinbox.events.Topics;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Role;
import org.chatinbox.ingest.channel.WebhookChannels;
import org.chatinbox.testsupport.InboxTestStack;
import org.chatinbox.testsupport.TopicProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** Telegram and Meta webhooks against the build's real Kafka, with payloads shaped as the platforms document them. */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "database", value = "ingest_test"))
class WebhookResourceIT {

    TopicProbe messages;

    @BeforeEach
    void watchTopic() {
        messages = TopicProbe.open(IngestResourceIT.bootstrapServers(), Topics.MESSAGES);
    }

    @AfterEach
    void closeProbe() {
        messages.close();
    }

    @Test
    void telegramTextMessageBecomesAMessageOfTheVisitor() throws Exception {
        long chat = randomChat();
        telegram("demo-telegram-secret", telegramUpdate(chat, 42, "Hallo, wo ist meine Bestellung?")).statusCode(200);

        List<ConsumerRecord<String, byte[]>> records = messages.await(r -> ("tg:" + chat).equals(r.key()), 1);
        CloudEvent<MessageCreated> event = read(records.get(0));
        assertThat(event.id()).isEqualTo("telegram:demo-telegram:" + chat + ":42");
        assertThat(event.data().workspaceId()).isEqualTo("demo");
        assertThat(event.data().botId()).isEqualTo("support-bot");
        assertThat(event.data().channel()).isEqualTo("telegram");
        assertThat(event.data().messageId()).isEqualTo("tg:" + chat + ":42");
        assertThat(event.data().sender().role()).isEqualTo(Role.VISITOR);
        assertThat(event.data().sender().name()).isEqualTo("Jonas Becker");
        assertThat(event.data().session().locale()).isEqualTo("de");
        assertThat(event.time()).isEqualTo("2026-11-22T10:15:30Z");
    }

    @Test
    void replayedTelegramUpdateCarriesTheSameEventIdSoConsumersDropIt() throws Exception {
        long chat = randomChat();
        String update = telegramUpdate(chat, 7, "Is anyone there?");
        telegram("demo-telegram-secret", update).statusCode(200);
        telegram("demo-telegram-secret", update).statusCode(200);

        List<ConsumerRecord<String, byte[]>> records = messages.await(r -> ("tg:" + chat).equals(r.key()), 2);
        assertThat(records).extracting(r -> read(r).id()).containsOnly("telegram:demo-telegram:" + chat + ":7");
        assertThat(records).extracting(r -> read(r).data().messageId()).containsOnly("tg:" + chat + ":7");
    }

    @Test
    void telegramWithWrongSecretIsUnauthorizedAndWritesNothing() {
        long chat = randomChat();
        telegram("guessed", telegramUpdate(chat, 1, "hello")).statusCode(401).contentType("application/problem+json");
        given().contentType("application/json").body(telegramUpdate(chat, 1, "hello"))
                .post("/api/v1/ingest/webhooks/telegram/demo-telegram").then().statusCode(401);
        telegram("demo-telegram-secret", telegramUpdate(chat, 2, "sentinel")).statusCode(200);
        List<ConsumerRecord<String, byte[]>> records = messages.await(r -> ("tg:" + chat).equals(r.key()), 1);
        assertThat(records).extracting(r -> read(r).data().text()).containsExactly("sentinel");
    }

    @Test
    void telegramUpdateWithoutTextIsAcknowledgedAndIgnored() {
        long chat = randomChat();
        String sticker = """
                {"update_id": 1, "message": {"message_id": 3, "date": 1795342530,
                 "chat": {"id": %d, "type": "private"}, "from": {"id": 5, "is_bot": false, "first_name": "Ana"},
                 "sticker": {"file_id": "x", "width": 512, "height": 512}}}""".formatted(chat);
        telegram("demo-telegram-secret", sticker).statusCode(200);
        telegram("demo-telegram-secret", telegramUpdate(chat, 4, "sentinel")).statusCode(200);
        assertThat(messages.await(r -> ("tg:" + chat).equals(r.key()), 1)).extracting(r -> read(r).data().text())
                .containsExactly("sentinel");
    }

    @Test
    void unknownChannelIsNotFound() {
        given().header("X-Telegram-Bot-Api-Secret-Token", "demo-telegram-secret").contentType("application/json")
                .body(telegramUpdate(1, 1, "hi")).post("/api/v1/ingest/webhooks/telegram/demo-meta").then()
                .statusCode(404);
    }

    @Test
    void metaVerificationEchoesTheChallengeOnlyForTheVerifyToken() {
        given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", "demo-verify-token")
                .queryParam("hub.challenge", "1158201444").get("/api/v1/ingest/webhooks/meta/demo-meta").then()
                .statusCode(200).body(equalTo("1158201444"));
        given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", "wrong")
                .queryParam("hub.challenge", "1158201444").get("/api/v1/ingest/webhooks/meta/demo-meta").then()
                .statusCode(403);
    }

    @Test
    void signedMessengerTextAndPostbackBecomeMessages() throws Exception {
        String psid = String.valueOf(randomChat());
        String body = """
                {"object": "page", "entry": [{"id": "PAGE_ID", "time": 1795342530000, "messaging": [
                  {"sender": {"id": "%1$s"}, "recipient": {"id": "PAGE_ID"}, "timestamp": 1795342530120,
                   "message": {"mid": "m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P", "text": "Do you ship to Canada?"}},
                  {"sender": {"id": "%1$s"}, "recipient": {"id": "PAGE_ID"}, "timestamp": 1795342531000,
                   "postback": {"mid": "m_postback$1", "title": "Talk to a human", "payload": "HANDOFF"}},
                  {"sender": {"id": "%1$s"}, "recipient": {"id": "PAGE_ID"}, "timestamp": 1795342532000,
                   "delivery": {"mids": ["m_x"], "watermark": 1795342530000}}
                ]}]}"""
                .formatted(psid);
        meta(body, sign(body, "demo-meta-secret")).statusCode(200).body(equalTo("EVENT_RECEIVED"));

        List<ConsumerRecord<String, byte[]>> records = messages.await(r -> ("messenger:" + psid).equals(r.key()), 2);
        assertThat(records).hasSize(2);
        assertThat(records).extracting(r -> read(r).data().text()).containsExactly("Do you ship to Canada?",
                "Talk to a human");
        CloudEvent<MessageCreated> first = read(records.get(0));
        assertThat(first.data().channel()).isEqualTo("messenger");
        assertThat(first.data().botId()).isEqualTo("sales-bot");
        assertThat(first.data().sender().id()).isEqualTo(psid);
        assertThat(first.time()).isEqualTo("2026-11-22T10:15:30.120Z");
        // a mid outside the contract's identifier characters becomes a stable hash
        assertThat(read(records.get(1)).data().messageId()).startsWith("fb:h.");
    }

    @Test
    void signedWhatsappTextBecomesAMessageWithTheContactsName() throws Exception {
        String waId = "1650555" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
        String body = """
                {"object": "whatsapp_business_account", "entry": [{"id": "WABA_ID", "changes": [{"field": "messages",
                  "value": {"messaging_product": "whatsapp",
                    "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
                    "contacts": [{"profile": {"name": "Sheena Nelson"}, "wa_id": "%1$s"}],
                    "messages": [{"from": "%1$s", "id": "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=",
                      "timestamp": "1795342530", "type": "text", "text": {"body": "Where is my order?"}}]}}]}]}"""
                .formatted(waId);
        meta(body, sign(body, "demo-meta-secret")).statusCode(200);

        CloudEvent<MessageCreated> event = read(messages.await(r -> ("whatsapp:" + waId).equals(r.key()), 1).get(0));
        assertThat(event.data().channel()).isEqualTo("whatsapp");
        assertThat(event.data().sender().name()).isEqualTo("Sheena Nelson");
        assertThat(event.data().text()).isEqualTo("Where is my order?");
        assertThat(event.id()).isEqualTo(
                "meta:demo-meta:wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=");
    }

    @Test
    void metaCallWithWrongSignatureIsUnauthorizedAndWritesNothing() {
        String psid = String.valueOf(randomChat());
        String body = """
                {"object": "page", "entry": [{"id": "PAGE_ID", "time": 1, "messaging": [
                  {"sender": {"id": "%s"}, "recipient": {"id": "PAGE_ID"}, "timestamp": 1795342530120,
                   "message": {"mid": "m_%s", "text": "%s"}}]}]}""";
        String forged = body.formatted(psid, "1", "forged");
        meta(forged, sign(forged, "not-the-app-secret")).statusCode(401).contentType("application/problem+json");
        meta(forged, null).statusCode(401);
        String sentinel = body.formatted(psid, "2", "sentinel");
        meta(sentinel, sign(sentinel, "demo-meta-secret")).statusCode(200);
        assertThat(messages.await(r -> ("messenger:" + psid).equals(r.key()), 1)).extracting(r -> read(r).data().text())
                .containsExactly("sentinel");
    }

    private static io.restassured.response.ValidatableResponse telegram(String secret, String update) {
        return given().header("X-Telegram-Bot-Api-Secret-Token", secret).contentType("application/json").body(update)
                .post("/api/v1/ingest/webhooks/telegram/demo-telegram").then();
    }

    private static io.restassured.response.ValidatableResponse meta(String body, String signature) {
        var request = given().contentType("application/json").body(body.getBytes(StandardCharsets.UTF_8));
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        return request.post("/api/v1/ingest/webhooks/meta/demo-meta").then();
    }

    private static String sign(String body, String secret) {
        return "sha256=" + HexFormat.of().formatHex(WebhookChannels.hmacSha256(secret, body.getBytes(StandardCharsets.UTF_8)));
    }

    /** An Update as the Bot API documents it: a private chat's text message. */
    private static String telegramUpdate(long chat, int messageId, String text) {
        return """
                {"update_id": %d, "message": {"message_id": %d, "date": 1795342530,
                 "from": {"id": %d, "is_bot": false, "first_name": "Jonas", "last_name": "Becker", "language_code": "de"},
                 "chat": {"id": %d, "first_name": "Jonas", "type": "private"}, "text": "%s"}}"""
                .formatted(ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE), messageId, chat, chat, text);
    }

    private static long randomChat() {
        return ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000_000L);
    }

    private static CloudEvent<MessageCreated> read(ConsumerRecord<String, byte[]> record) {
        try {
            return EventJson.mapper().readValue(record.value(), new TypeReference<CloudEvent<MessageCreated>>() {
            });
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
