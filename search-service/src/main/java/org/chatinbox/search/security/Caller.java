package org.chatinbox.search.security;

/** Who the gateway says is calling: every search is scoped to {@code workspace}. */
public record Caller(String workspace, String agent) {
}
