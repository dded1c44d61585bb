package org.chatinbox.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who wrote a message. */
public enum Role {
    @JsonProperty("visitor")
    VISITOR, @JsonProperty("bot")
    BOT, @JsonProperty("agent")
    AGENT;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
