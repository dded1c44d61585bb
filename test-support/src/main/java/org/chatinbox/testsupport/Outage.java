package org.chatinbox.testsupport;

import static io.restassured.RestAssured.given;

import java.time.Duration;

import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;

/**
 * What the outage tests share: how long a server stays frozen (three minutes, the outage the suite promises to survive;
 * {@code -Dchatinbox.outage=PT20S} for a quicker run by hand) and the service's readiness as an orchestrator reads it.
 */
public final class Outage {

    private static final RestAssuredConfig PROBE = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.connection.timeout", 5_000).setParam("http.socket.timeout", 20_000));

    private Outage() {
    }

    public static Duration length() {
        return Duration.parse(System.getProperty("chatinbox.outage", "PT3M"));
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
