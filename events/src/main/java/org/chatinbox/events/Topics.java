package org.chatinbox.events;

import java.util.List;

/** The Kafka topics of the contract (§2). Each has a {@code .dlq} twin for records that could not be processed. */
public final class Topics {

    public static final String MESSAGES = "inbox.messages";
    public static final String HANDOFF = "inbox.handoff";
    public static final String CONVERSATIONS = "inbox.conversations";
    public static final String SUMMARIES = "inbox.summaries";
    public static final String OUTBOUND = "inbox.outbound";
    public static final String DELIVERY = "inbox.delivery";

    /** Every topic of the contract, without the dead-letter topics. */
    public static final List<String> ALL = List.of(MESSAGES, HANDOFF, CONVERSATIONS, SUMMARIES, OUTBOUND, DELIVERY);

    private Topics() {
    }

    /** The dead-letter topic of a topic. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
