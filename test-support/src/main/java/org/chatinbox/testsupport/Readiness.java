package org.chatinbox.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.hamcrest.Matchers;

import io.restassured.response.Response;

/** What every service promises an orchestrator: ready only while the servers it uses answer, and observable. */
public final class Readiness {

    private Readiness() {
    }

    /**
     * Asserts that {@code /q/health/ready} answers 200, with every check UP and one check per named dependency (e.g. "Kafka",
     * "Database", "Elasticsearch"), and that the OpenAPI document and the Prometheus metrics are served.
     */
    public static void assertReadyAndObservable(String... dependencies) {
        // a service just started may wait a moment for a server (a new index's shard, a consumer's first batch), as an
        // orchestrator's probe would see: ready within a minute. The body asserted is the one that answered 200: a second
        // request could land in a moment's red of the Elasticsearch cluster (a shard being allocated), which a probe's
        // failure threshold absorbs
        var ready = new AtomicReference<Response>();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            ready.set(given().when().get("/q/health/ready"));
            return ready.get().statusCode() == 200;
        });
        var checks = ready.get().then().body("status", equalTo("UP")).extract().jsonPath();
        for (String dependency : dependencies) {
            org.hamcrest.MatcherAssert.assertThat(checks.getList("checks.name", String.class),
                    hasItems(Matchers.containsString(dependency)));
        }
        org.hamcrest.MatcherAssert.assertThat(checks.getList("checks.status", String.class),
                Matchers.everyItem(equalTo("UP")));
        org.hamcrest.MatcherAssert.assertThat("checked: " + Arrays.toString(dependencies),
                checks.getList("checks").size(), Matchers.greaterThanOrEqualTo(dependencies.length));

        given().when().get("/q/openapi?format=json").then().statusCode(200).body("openapi",
                Matchers.startsWith("3."));
        given().when().get("/q/metrics").then().statusCode(200).body(Matchers.containsString("jvm_memory_used_bytes"));
    }
}
