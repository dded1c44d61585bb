package org.chatinbox.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A visitor's rating of one bot message. */
public enum Rating {
    /** The visitor found the message helpful. */
    @JsonProperty("helpful")
    HELPFUL,
    /** The visitor did not. */
    @JsonProperty("unhelpful")
    UNHELPFUL
}
