package org.chatinbox.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A conversation's status, owned by conversation-service. */
public enum Status {
    @JsonProperty("open")
    OPEN, @JsonProperty("resolved")
    RESOLVED, @JsonProperty("snoozed")
    SNOOZED
}
