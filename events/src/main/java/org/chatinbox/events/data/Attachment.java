package org.chatinbox.events.data;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A file or link sent with a message; the inbox stores the reference, never the content. */
public record Attachment(@NotBlank @Size(max = 64) String type, @NotBlank @Size(max = 4096) String url,
        @Size(max = 512) String name) {
}
