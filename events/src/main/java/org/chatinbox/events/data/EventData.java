package org.chatinbox.events.data;

/**
 * The {@code data} of every chat-inbox event. Every event belongs to one workspace and one conversation; the conversation id is
 * the Kafka record key, so one conversation's events stay ordered on one partition.
 */
public sealed interface EventData
        permits MessageCreated, FeedbackRecorded, HandoffRequested, HandoffChanged, AssignmentChanged,
        ConversationUpdated, SummaryUpdated, OutboundRequested, DeliveryUpdated {

    String workspaceId();

    String conversationId();
}
