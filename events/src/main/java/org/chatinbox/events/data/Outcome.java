package org.chatinbox.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a conversation ended for the visitor. */
public enum Outcome {
    @JsonProperty("answered")
    ANSWERED, @JsonProperty("unanswered")
    UNANSWERED, @JsonProperty("handed-off")
    HANDED_OFF
}
