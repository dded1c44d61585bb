package org.chatinbox.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A conversation's status, owned by conversation-service. */
public enum Status {
    /** Waiting for an answer, or being answered: the default, and where a visitor's new message brings it back. */
    @JsonProperty("open")
    OPEN,
    /** Done, until the visitor writes again. */
    @JsonProperty("resolved")
    RESOLVED,
    /** Set aside until a time (or the visitor's next message). */
    @JsonProperty("snoozed")
    SNOOZED;

    /** As the contract spells it ({@code open}, {@code resolved}, {@code snoozed}). */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
