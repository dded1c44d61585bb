package org.chatinbox.ingest.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.chatinbox.events.EventJson;
import org.chatinbox.events.Topics;
import org.chatinbox.events.data.OutboundKind;
import org.chatinbox.events.data.OutboundRequested;
import org.chatinbox.testsupport.Channel;
import org.chatinbox.testsupport.FakePlatform;
import org.chatinbox.testsupport.FakePlatform.Answer;
import org.chatinbox.testsupport.InboxTestStack;
import org.chatinbox.testsupport.TopicProbe;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The outbound half of the channels, against real Kafka and PostgreSQL and fake platforms on loopback: what handoff-service
 * puts on {@code inbox.outbound} reaches the visitor's platform once, is retried as the platform asks, is dead-lettered when
 * refused, and each attempt's outcome is on {@code inbox.delivery}.
 */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "database", value = "ingest_test"))
@QuarkusTestResource(FakePlatformResource.class)
class OutboundDeliveryIT {

    static final String TELEGRAM = "/telegram/bot123456:test-bot-token/sendMessage";

    static Channel channel;
    static TopicProbe deliveries;
    static TopicProbe deadLetters;
    FakePlatform platform;

    @BeforeAll
    static void open() {
        String kafka = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        channel = new Channel();
        deliveries = TopicProbe.open(kafka, Topics.DELIVERY);
        deadLetters = TopicProbe.open(kafka, Topics.deadLetter(Topics.OUTBOUND));
    }

    @AfterAll
    static void close() {
        channel.close();
        deliveries.close();
        deadLetters.close();
    }

    @BeforeEach
    void fake() {
        platform = FakePlatformResource.platform;
        platform.reset();
    }

    @Test
    void aTelegramReplyIsRetriedAsTelegramAsksAndDeliveredOnce() throws Exception {
        String conversation = "tg:" + (100_000 + (int) (Math.random() * 800_000));
        platform.answerWhen(TELEGRAM, "\"chat_id\":" + conversation.substring(3),
                Answer.status(429, "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 1\"}")
                        .withHeader("Retry-After", "1"),
                Answer.status(429, "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 1\"}")
                        .withHeader("Retry-After", "1"),
                Answer.ok());
        String eventId = send(reply("demo", "support-bot", "telegram", conversation, "Hi Dana, Alice here."));

        List<JsonNode> outcomes = outcomes(conversation, 3);
        assertThat(outcomes).extracting(o -> o.path("data").path("state").asText()).containsExactly("retrying", "retrying",
                "delivered");
        assertThat(outcomes).extracting(o -> o.path("data").path("attempt").asInt()).containsExactly(1, 2, 3);
        List<FakePlatform.Call> calls = callsFor(conversation);
        assertThat(calls).hasSize(3);
        for (FakePlatform.Call call : calls) {
            JsonNode body = EventJson.mapper().readTree(call.body());
            assertThat(body.path("chat_id").asText()).isEqualTo(conversation.substring(3));
            assertThat(body.path("text").asText()).isEqualTo("Hi Dana, Alice here.");
            assertThat(call.header("Idempotency-Key")).isEqualTo(eventId);
        }
        // Retry-After: 1 is honoured between the calls
        assertThat(Duration.between(calls.get(0).at(), calls.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(Duration.between(calls.get(1).at(), calls.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        // delivered is final: nothing is sent again
        assertThat(deliveries.arrived(r -> conversation.equals(r.key()))).hasSize(3);
        assertThat(callsFor(conversation)).hasSize(3);
    }

    @Test
    void aRefusalFailsTheReplyAndDeadLettersItWithThePlatformsError() throws Exception {
        String conversation = "tg:" + (100_000 + (int) (Math.random() * 800_000));
        platform.answerWhen(TELEGRAM, "\"chat_id\":" + conversation.substring(3),
                Answer.status(400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}"));
        String eventId = send(reply("demo", "support-bot", "telegram", conversation, "Are you still there?"));

        JsonNode outcome = outcomes(conversation, 1).get(0);
        assertThat(outcome.path("data").path("state").asText()).isEqualTo("failed");
        assertThat(outcome.path("data").path("error").asText()).isEqualTo("Telegram answered 400: Bad Request: chat not found");
        ConsumerRecord<String, byte[]> dead = deadLetters.await(r -> conversation.equals(r.key()), 1).get(0);
        assertThat(EventJson.mapper().readTree(dead.value()).path("id").asText()).isEqualTo(eventId);
        assertThat(header(dead, "dead-letter-reason")).contains("chat not found");
        assertThat(header(dead, "dead-letter-topic")).isEqualTo(Topics.OUTBOUND);
        assertThat(callsFor(conversation)).hasSize(1);
    }

    @Test
    void aSlowChannelDoesNotHoldUpAnother() throws Exception {
        // the sales bot's callback takes 10 s per call: it fills its own lane, and only its own
        platform.always("/callback/sales", Answer.ok().after(Duration.ofSeconds(10)));
        List<String> slow = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String conversation = Channel.newConversation();
            slow.add(conversation);
            send(reply("demo", "sales-bot", "web", conversation, "One moment please " + i));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> platform.calls("/callback/sales").size() >= 4);
        String fast = "tg:" + (100_000 + (int) (Math.random() * 800_000));
        send(reply("demo", "support-bot", "telegram", fast, "Your order shipped today."));

        assertThat(outcomes(fast, 1).get(0).path("data").path("state").asText()).isEqualTo("delivered");
        // the slow lane is still busy with its first calls: none of them has an outcome yet
        assertThat(deliveries.arrived(r -> slow.contains(r.key()))).isEmpty();
        assertThat(platform.calls("/callback/sales")).hasSizeLessThanOrEqualTo(4);
    }

    @Test
    void aReplyOnTheWebGoesToTheBotsCallbackSignedAndSoDoBotNotices() throws Exception {
        String conversation = Channel.newConversation();
        String paused = send(notice("demo", "support-bot", "web", conversation, OutboundKind.BOT_PAUSED));
        String replied = send(reply("demo", "support-bot", "web", conversation, "I can help with that refund."));

        assertThat(outcomes(conversation, 1).get(0).path("data").path("state").asText()).isEqualTo("delivered");
        await().atMost(Duration.ofSeconds(20)).until(() -> platform.calls("/callback/support").size() >= 2);
        List<FakePlatform.Call> calls = platform.calls("/callback/support");
        // in order: the bot hears it is paused before the agent's reply goes out
        assertThat(calls).extracting(c -> c.header("X-Inbox-Delivery")).containsExactly(paused, replied);
        for (FakePlatform.Call call : calls) {
            assertThat(call.header("Content-Type")).isEqualTo("application/cloudevents+json");
            assertThat(call.header("X-Inbox-Signature")).isEqualTo("sha256=" + hmac("test-callback-secret", call.body()));
            assertThat(call.header("X-Inbox-Timestamp")).matches("[0-9]{10}");
        }
        JsonNode event = EventJson.mapper().readTree(calls.get(1).body());
        assertThat(event.path("type").asText()).isEqualTo("inbox.outbound.requested");
        assertThat(event.path("data").path("text").asText()).isEqualTo("I can help with that refund.");
        assertThat(EventJson.mapper().readTree(calls.get(0).body()).path("data").path("kind").asText()).isEqualTo("bot.paused");
    }

    @Test
    void aWhatsAppReplyGoesThroughTheGraphApiWithTheChannelsToken() throws Exception {
        String conversation = "whatsapp:" + (33_600_000_000L + (long) (Math.random() * 99_999_999));
        send(reply("demo", "sales-bot", "whatsapp", conversation, "Your parcel leaves tomorrow."));

        assertThat(outcomes(conversation, 1).get(0).path("data").path("state").asText()).isEqualTo("delivered");
        FakePlatform.Call call = platform.calls("/graph/15550001111/messages").get(0);
        assertThat(call.header("Authorization")).isEqualTo("Bearer test-meta-token");
        JsonNode body = EventJson.mapper().readTree(call.body());
        assertThat(body.path("messaging_product").asText()).isEqualTo("whatsapp");
        assertThat(body.path("to").asText()).isEqualTo(conversation.substring("whatsapp:".length()));
        assertThat(body.path("text").path("body").asText()).isEqualTo("Your parcel leaves tomorrow.");
    }

    @Test
    void aReplyNothingCanDeliverFailsAtOnceSayingWhy() throws Exception {
        String conversation = Channel.newConversation();
        send(reply("other", "other-bot", "web", conversation, "Hello?"));

        JsonNode outcome = outcomes(conversation, 1).get(0);
        assertThat(outcome.path("data").path("state").asText()).isEqualTo("failed");
        assertThat(outcome.path("data").path("error").asText())
                .isEqualTo("no channel or callback is configured to deliver web replies of bot other-bot");
        assertThat(deadLetters.await(r -> conversation.equals(r.key()), 1)).hasSize(1);
    }

    private List<FakePlatform.Call> callsFor(String conversation) {
        return platform.calls(TELEGRAM).stream().filter(c -> c.body().contains("\"chat_id\":" + conversation.substring(3)))
                .toList();
    }

    private static OutboundRequested reply(String workspace, String bot, String channelName, String conversation,
            String text) {
        return new OutboundRequested(workspace, bot, channelName, conversation, OutboundKind.MESSAGE,
                "msg-" + UUID.randomUUID(), text, "alice");
    }

    private static OutboundRequested notice(String workspace, String bot, String channelName, String conversation,
            OutboundKind kind) {
        return new OutboundRequested(workspace, bot, channelName, conversation, kind, null, null, "alice");
    }

    private static String send(OutboundRequested data) {
        String id = "out-" + UUID.randomUUID();
        channel.send(Channel.event(id, Instant.now(), data));
        return id;
    }

    /** The conversation's delivery outcomes on {@code inbox.delivery}, in order. */
    private static List<JsonNode> outcomes(String conversation, int count) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : deliveries.await(r -> conversation.equals(r.key()), count)) {
            events.add(EventJson.mapper().readTree(record.value()));
        }
        return events;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
