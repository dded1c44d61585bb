package org.chatinbox.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a channel must deliver to the visitor's platform. */
public enum OutboundKind {
    /** An agent's reply, to be sent to the visitor. */
    @JsonProperty("message")
    MESSAGE,
    /** An agent took over: the bot must stay quiet. */
    @JsonProperty("bot.paused")
    BOT_PAUSED,
    /** The conversation went back to the bot. */
    @JsonProperty("bot.resumed")
    BOT_RESUMED
}
