package org.chatinbox.conversation.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One page of a list: {@code nextCursor} is null on the last page. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Page<T>(List<T> items, String nextCursor) {
}
