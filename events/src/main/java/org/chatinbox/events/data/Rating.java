package org.chatinbox.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A visitor's rating of one bot message. */
public enum Rating {
    @JsonProperty("helpful")
    HELPFUL, @JsonProperty("unhelpful")
    UNHELPFUL
}
