package org.chatinbox.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import jakarta.validation.Validation;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.chatinbox.api.messaging.EventTracing;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventCodec;
import org.chatinbox.events.EventJson;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Role;
import org.chatinbox.events.data.Sender;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.OpenTelemetry;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.subscription.BackPressureFailure;

/**
 * The hub's fan-out: each client gets its workspace's events, and a client that stops reading is ended, not buffered for ever.
 */
class EventHubTest {

    private final EventHub hub = new EventHub(new EventCodec(Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator()),
            new EventTracing(OpenTelemetry.noop()));
    private long offset;

    @Test
    void aClientThatStopsReadingIsEndedOnceItsBufferIsFullAndOnlyItsWorkspaceCounts() {
        AssertSubscriber<StreamEvent> stalled = hub.stream(e -> e.workspaceId().equals("demo"), null)
                .subscribe().withSubscriber(AssertSubscriber.create(0));
        AssertSubscriber<StreamEvent> reading = hub.stream(e -> e.workspaceId().equals("demo"), null)
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

        for (int i = 0; i < EventHub.CLIENT_BUFFER * 2; i++) {
            publish("other"); // another workspace's events take no room in demo's buffers
        }
        for (int i = 0; i < EventHub.CLIENT_BUFFER; i++) {
            publish("demo");
        }
        stalled.assertNotTerminated();
        publish("demo");

        stalled.assertFailedWith(BackPressureFailure.class);
        reading.assertNotTerminated();
        assertThat(reading.getItems()).hasSize(EventHub.CLIENT_BUFFER + 1)
                .allMatch(e -> e.workspaceId().equals("demo") && e.name().equals("message.created"));
    }

    @Test
    void aClientResumingFromALastEventIdGetsWhatItMissedOnceThenNewEvents() {
        publish("demo"); // the last one the client saw before it dropped
        publish("demo");
        publish("demo");

        AssertSubscriber<StreamEvent> resumed = hub.stream(e -> true, "inbox.messages-0-0").subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        publish("demo");

        assertThat(resumed.getItems()).extracting(StreamEvent::id).containsExactly("inbox.messages-0-1",
                "inbox.messages-0-2", "inbox.messages-0-3");
    }

    private void publish(String workspace) {
        CloudEvent<MessageCreated> event = CloudEvent.of("evt-" + offset, "/tests", Instant.parse("2026-11-22T10:00:00Z"),
                new MessageCreated(workspace, "support-bot", "web", "conv-1", "m-" + offset,
                        new Sender(Role.VISITOR, "v-1", null), "hello", null, null, null));
        try {
            hub.publish(new ConsumerRecord<>("inbox.messages", 0, offset++, event.key(),
                    EventJson.mapper().writeValueAsBytes(event)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
