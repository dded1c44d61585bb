package org.chatinbox.events;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.chatinbox.events.data.AssignmentChanged;
import org.chatinbox.events.data.ConversationUpdated;
import org.chatinbox.events.data.DeliveryUpdated;
import org.chatinbox.events.data.EventData;
import org.chatinbox.events.data.FeedbackRecorded;
import org.chatinbox.events.data.HandoffChanged;
import org.chatinbox.events.data.HandoffRequested;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.OutboundRequested;
import org.chatinbox.events.data.SummaryUpdated;

/** Every CloudEvent {@code type} of the contract, with the record its {@code data} maps to and its topic. */
public enum EventType {

    /** A message of a visitor, the bot or an agent: channels, ingest, handoff-service (agent replies). */
    MESSAGE_CREATED("inbox.message.created", MessageCreated.class, Topics.MESSAGES),
    /** A visitor's rating of a bot message: channels, ingest. */
    FEEDBACK_RECORDED("inbox.feedback.recorded", FeedbackRecorded.class, Topics.MESSAGES),
    /** The bot asks for a human: channels, ingest. */
    HANDOFF_REQUESTED("inbox.handoff.requested", HandoffRequested.class, Topics.MESSAGES),
    /** Mode, holder and needsHuman: handoff-service. */
    HANDOFF_CHANGED("inbox.handoff.changed", HandoffChanged.class, Topics.HANDOFF),
    /** The assignee: handoff-service. */
    ASSIGNMENT_CHANGED("inbox.assignment.changed", AssignmentChanged.class, Topics.HANDOFF),
    /** Status and labels: conversation-service. */
    CONVERSATION_UPDATED("inbox.conversation.updated", ConversationUpdated.class, Topics.CONVERSATIONS),
    /** A conversation's summary: summary-service. */
    SUMMARY_UPDATED("inbox.summary.updated", SummaryUpdated.class, Topics.SUMMARIES),
    /** What a channel must deliver: handoff-service. */
    OUTBOUND_REQUESTED("inbox.outbound.requested", OutboundRequested.class, Topics.OUTBOUND),
    /** How far a channel got with an outbound message: ingest-service. */
    DELIVERY_UPDATED("inbox.delivery.updated", DeliveryUpdated.class, Topics.DELIVERY);

    private final String type;
    private final Class<? extends EventData> dataClass;
    private final String topic;

    EventType(String type, Class<? extends EventData> dataClass, String topic) {
        this.type = type;
        this.dataClass = dataClass;
        this.topic = topic;
    }

    /** The CloudEvent {@code type} attribute, e.g. {@code inbox.message.created}. */
    public String type() {
        return type;
    }

    public Class<? extends EventData> dataClass() {
        return dataClass;
    }

    /** The topic this type is written to. */
    public String topic() {
        return topic;
    }

    /**
     * The name the public API announces this type by (the live stream's event names, integration webhooks' event types):
     * {@code message.created}, ...; empty for the types that are not announced (ratings, requests for a human, outbound
     * requests).
     */
    public Optional<String> announcedAs() {
        return switch (this) {
            case MESSAGE_CREATED, CONVERSATION_UPDATED, HANDOFF_CHANGED, ASSIGNMENT_CHANGED, SUMMARY_UPDATED,
                    DELIVERY_UPDATED ->
                Optional.of(type.substring("inbox.".length()));
            default -> Optional.empty();
        };
    }

    /** Every name {@link #announcedAs} gives. */
    public static final List<String> ANNOUNCED = Arrays.stream(values()).flatMap(t -> t.announcedAs().stream()).toList();

    /** The schema of this type under {@code /schemas/} on the classpath. */
    public String schemaResource() {
        return "/schemas/" + type + ".json";
    }

    // looked up for every event on the ingest and consume paths: maps, not scans
    private static final Map<String, EventType> BY_TYPE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::type, t -> t));
    private static final Map<Class<?>, EventType> BY_DATA_CLASS = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::dataClass, t -> t));

    public static Optional<EventType> of(String type) {
        return Optional.ofNullable(type == null ? null : BY_TYPE.get(type));
    }

    public static EventType of(EventData data) {
        EventType type = BY_DATA_CLASS.get(data.getClass());
        if (type == null) {
            throw new IllegalArgumentException("no event type for " + data.getClass().getName());
        }
        return type;
    }
}
