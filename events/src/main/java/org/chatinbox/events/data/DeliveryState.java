package org.chatinbox.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How far a channel got with an outbound message. */
public enum DeliveryState {
    @JsonProperty("delivered")
    DELIVERED, @JsonProperty("retrying")
    RETRYING, @JsonProperty("failed")
    FAILED
}
