package org.chatinbox.events.data;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;

import org.chatinbox.events.validation.Text;

/**
 * What the bot knew about its own reply. {@code fallback: true} marks a reply that did not understand the visitor: the input of
 * knowledge-gap insights.
 */
public record BotReply(Boolean fallback, @Text(max = 256) String intent,
        @DecimalMin("0.0") @DecimalMax("1.0") Double confidence) {
}
