package org.chatinbox.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a conversation ended for the visitor. */
public enum Outcome {
    /** The bot answered what the visitor asked. */
    @JsonProperty("answered")
    ANSWERED,
    /** The bot fell back or was rated unhelpful, and nobody took over. */
    @JsonProperty("unanswered")
    UNANSWERED,
    /** A human took over. */
    @JsonProperty("handed-off")
    HANDED_OFF
}
