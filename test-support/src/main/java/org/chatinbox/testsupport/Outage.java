package org.chatinbox.testsupport;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Role;

import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Servers of the build's stack hung ({@code SIGSTOP}) while messages arrive, as the gateway's {@code StoresOutageIT} runs it
 * for every service at once: three minutes by default (longer than every timeout on the way: the pool's, the transaction's, the
 * connector's), or {@code -Dchatinbox.outage=PT20S} for a quicker run by hand.
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

    /** The status a service's {@code /q/health/ready} answers (200 ready, 503 not), or 0 when it does not answer in time. */
    public static int readiness(String service) {
        try {
            Response response = given().config(PROBE).baseUri(service).get("/q/health/ready");
            return response.statusCode();
        } catch (RuntimeException e) {
            return 0; // a probe that times out counts as not ready
        }
    }

    /** The named check of a service's {@code /q/health/ready}, or null when there is none or readiness does not answer. */
    public static JsonPath check(String service, String name) {
        try {
            return given().config(PROBE).baseUri(service).get("/q/health/ready").jsonPath()
                    .setRootPath("checks.find { it.name == '" + name + "' }");
        } catch (RuntimeException e) {
            return null;
        }
    }
}
