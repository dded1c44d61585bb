package org.chatinbox.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How far a channel got with an outbound message. */
public enum DeliveryState {
    /** The channel accepted the message. */
    @JsonProperty("delivered")
    DELIVERED,
    /** The channel failed for now; sending again. */
    @JsonProperty("retrying")
    RETRYING,
    /** The channel refused the message for good. */
    @JsonProperty("failed")
    FAILED
}
