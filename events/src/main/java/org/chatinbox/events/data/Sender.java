package org.chatinbox.events.data;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The author of a message: a visitor, the bot or an agent. */
public record Sender(@NotNull Role role, @Size(max = 128) String id, @Size(max = 256) String name) {
}
