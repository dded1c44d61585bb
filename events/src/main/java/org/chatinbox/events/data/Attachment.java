package org.chatinbox.events.data;

import jakarta.validation.constraints.NotBlank;

import org.chatinbox.events.validation.Text;

/** A file or link sent with a message; the inbox stores the reference, never the content. */
public record Attachment(@NotBlank @Text(max = 64) String type, @NotBlank @Text(max = 4096) String url,
        @Text(max = 512) String name) {
}
