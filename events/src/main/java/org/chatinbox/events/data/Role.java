package org.chatinbox.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who wrote a message. */
public enum Role {
    /** The person talking to the bot. */
    @JsonProperty("visitor")
    VISITOR,
    /** The bot. */
    @JsonProperty("bot")
    BOT,
    /** A human agent of the workspace. */
    @JsonProperty("agent")
    AGENT;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
