package org.chatinbox.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.chatinbox.gateway.OtlpCollector.Span;
import org.chatinbox.testsupport.InboxTestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * One visitor's message followed by its trace, as an operator's trace viewer shows it: the channel's request through the
 * gateway to ingest, then through Kafka to every service that stores it and to the agent's live stream, all one trace. The
 * services export by OTLP to a collector this test runs; they trace what it asks for (a sampled {@code traceparent}) only.
 */
@QuarkusTest
@QuarkusTestResource(value = InboxTestStack.class, initArgs = @ResourceArg(name = "services", value = "ingest-service,conversation-service,search-service,handoff-service,summary-service"))
class TracingIT {

    /** Where the test profile's services export (api-support's microprofile-config.properties). */
    static final int COLLECTOR_PORT = 18483;
    static final List<String> STORING = List.of("conversation-service", "search-service", "handoff-service",
            "summary-service");

    static OtlpCollector collector;

    @BeforeAll
    static void listen() {
        collector = OtlpCollector.start(COLLECTOR_PORT);
    }

    @AfterAll
    static void close() {
        collector.close();
    }

    @Test
    void aMessageKeepsOneTraceFromTheChannelsRequestToEveryStoreAndTheAgentsStream() throws Exception {
        HexFormat hex = HexFormat.of();
        String traceId = hex.formatHex(randomBytes(16));
        String channelSpan = hex.formatHex(randomBytes(8));
        String conversation = "conv-trace-" + UUID.randomUUID();

        String stream = RestAssured.baseURI + ":" + RestAssured.port + "/api/v1/stream?conversationId=" + conversation;
        try (SseClient agent = new SseClient(stream, "demo-alice-key", null)) {
            WebChannel.visitorWrites(given().header("traceparent", "00-" + traceId + "-" + channelSpan + "-01"),
                    conversation, "m-traced", "Dana", "Where is my parcel?", "support-bot");
            agent.await(e -> "message.created".equals(e.name()) && e.data().contains("m-traced"));
        }

        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<Span> trace = collector.trace(traceId);
            Span gateway = only(trace, s -> s.service().equals("gateway") && s.kind().equals("SPAN_KIND_SERVER"));
            assertThat(gateway.parentSpanId()).as("the gateway's request span, under the channel's").isEqualTo(channelSpan);
            assertThat(gateway.name()).contains("/api/v1/ingest/events");
            Span ingest = only(trace, s -> s.service().equals("ingest-service") && s.kind().equals("SPAN_KIND_SERVER"));
            assertThat(spanIdsOf(trace, "gateway")).as("ingest's request span, under the gateway's")
                    .contains(ingest.parentSpanId());

            // every read model's span of storing it, and the gateway's of streaming it, under ingest's request
            Map<String, List<Span>> consumers = trace.stream().filter(s -> s.kind().equals("SPAN_KIND_CONSUMER"))
                    .collect(Collectors.groupingBy(Span::service));
            for (String service : STORING) {
                assertThat(consumers.get(service)).as(service).isNotNull()
                        .anySatisfy(s -> {
                            assertThat(s.name()).isEqualTo("process inbox.messages");
                            assertThat(s.parentSpanId()).isEqualTo(ingest.spanId());
                        });
            }
            assertThat(consumers.get("gateway")).as("the stream").isNotNull().anySatisfy(s -> {
                assertThat(s.name()).isEqualTo("push inbox.messages");
                assertThat(s.parentSpanId()).isEqualTo(ingest.spanId());
                assertThat(Integer.parseInt(s.attribute("chatinbox.stream.clients"))).isGreaterThanOrEqualTo(1);
            });
        });
    }

    static Span only(List<Span> trace, java.util.function.Predicate<Span> which) {
        List<Span> found = trace.stream().filter(which).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    static List<String> spanIdsOf(List<Span> trace, String service) {
        return trace.stream().filter(s -> s.service().equals(service)).map(Span::spanId).toList();
    }

    static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
