package org.chatinbox.events.data;

import jakarta.validation.constraints.NotNull;

import org.chatinbox.events.validation.Text;

/** The author of a message: a visitor, the bot or an agent. */
public record Sender(@NotNull Role role, @Text(max = 128) String id, @Text(max = 256) String name) {
}
