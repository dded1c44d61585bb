package org.chatinbox.events;

import java.util.Arrays;
import java.util.Optional;

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

    MESSAGE_CREATED("inbox.message.created", MessageCreated.class, Topics.MESSAGES), FEEDBACK_RECORDED(
            "inbox.feedback.recorded", FeedbackRecorded.class, Topics.MESSAGES), HANDOFF_REQUESTED("inbox.handoff.requested",
                    HandoffRequested.class, Topics.MESSAGES), HANDOFF_CHANGED("inbox.handoff.changed", HandoffChanged.class,
                            Topics.HANDOFF), ASSIGNMENT_CHANGED("inbox.assignment.changed", AssignmentChanged.class,
                                    Topics.HANDOFF), CONVERSATION_UPDATED("inbox.conversation.updated",
                                            ConversationUpdated.class, Topics.CONVERSATIONS), SUMMARY_UPDATED(
                                                    "inbox.summary.updated", SummaryUpdated.class,
                                                    Topics.SUMMARIES), OUTBOUND_REQUESTED("inbox.outbound.requested",
                                                            OutboundRequested.class,
                                                            Topics.OUTBOUND), DELIVERY_UPDATED("inbox.delivery.updated",
                                                                    DeliveryUpdated.class, Topics.DELIVERY);

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

    /** The schema of this type under {@code /schemas/} on the classpath. */
    public String schemaResource() {
        return "/schemas/" + type + ".json";
    }

    public static Optional<EventType> of(String type) {
        return Arrays.stream(values()).filter(t -> t.type.equals(type)).findFirst();
    }

    public static EventType of(EventData data) {
        return Arrays.stream(values()).filter(t -> t.dataClass.isInstance(data)).findFirst().orElseThrow();
    }
}
