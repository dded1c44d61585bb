package org.chatinbox.testsupport;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.awaitility.Awaitility;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.Topics;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Role;
import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;

/**
 * A server of the build's stack hung ({@code SIGSTOP}) while messages arrive, as the outage tests of the consumers run it:
 * three minutes by default (longer than every timeout on the way: the pool's, the transaction's, the connector's), or
 * {@code -Dchatinbox.outage=PT20S} for a quicker run by hand.
 */
public final class Outage {

    /** The consumers' own readiness check ({@code service-support}'s {@code ConsumersReadiness}). */
    public static final String CONSUMERS_CHECK = "Kafka consumers storing their events";

    private static final RestAssuredConfig PROBE = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.connection.timeout", 5_000).setParam("http.socket.timeout", 20_000));

    private Outage() {
    }

    public static Duration length() {
        return Duration.parse(System.getProperty("chatinbox.outage", "PT3M"));
    }

    /** 5,000 messages of a new workspace, over 50 conversations whose ids start with the workspace, visitor and bot in turn. */
    public static List<CloudEvent<MessageCreated>> messages(String workspace) {
        List<CloudEvent<MessageCreated>> messages = new ArrayList<>();
        Instant t0 = Instant.parse("2026-11-22T10:00:00Z");
        for (int i = 0; i < 5_000; i++) {
            messages.add(Channel.message(workspace, workspace + "-conv-" + (i % 50), "m-" + i,
                    i % 2 == 0 ? Role.VISITOR : Role.BOT, "parcel number " + i, t0.plusMillis(i), null));
        }
        return messages;
    }

    /**
     * Freezes {@code server} for {@link #length()} and sends {@code messages} meanwhile, then asserts what the service of this
     * test promises: not ready for as long as the server is away (its consumers' check saying so), every message stored once it
     * is back ({@code stored} counts them), ready again, and not one dead-lettered.
     *
     * @param keyPrefix
     *            what the messages' conversation ids start with, to find their dead letters
     */
    public static void sendWhileFrozen(String server, List<? extends CloudEvent<?>> messages, Callable<Long> stored,
            String keyPrefix) throws Exception {
        String kafka = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (TopicProbe dlq = TopicProbe.open(kafka, Topics.deadLetter(Topics.MESSAGES)); Channel channel = new Channel()) {
            try (AutoCloseable frozen = InboxTestStack.freeze(server)) {
                Instant thawAt = Instant.now().plus(length());
                channel.sendAll(messages);
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> readiness() == 503);
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> "DOWN".equals(check(CONSUMERS_CHECK)));
                Awaitility.await().during(Duration.between(Instant.now(), thawAt)).atMost(length().plusMinutes(1))
                        .until(() -> readiness() != 200);
            }
            Awaitility.await().atMost(Duration.ofMinutes(3)).ignoreExceptions().until(() -> stored.call() == messages.size());
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> readiness() == 200);
            assertThat(dlq.arrived(r -> r.key() != null && r.key().startsWith(keyPrefix))).as("dead-lettered").isEmpty();
        }
    }

    /** The status {@code /q/health/ready} answers (200 ready, 503 not), or 0 when it does not answer in time. */
    public static int readiness() {
        try {
            Response response = given().config(PROBE).get("/q/health/ready");
            return response.statusCode();
        } catch (RuntimeException e) {
            return 0; // a probe that times out counts as not ready
        }
    }

    /** The named check of {@code /q/health/ready}, or null when there is none or readiness does not answer. */
    public static String check(String name) {
        try {
            return given().config(PROBE).get("/q/health/ready").jsonPath()
                    .getString("checks.find { it.name == '" + name + "' }.status");
        } catch (RuntimeException e) {
            return null;
        }
    }
}
