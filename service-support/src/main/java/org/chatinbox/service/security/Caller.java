package org.chatinbox.service.security;

import java.util.Set;

/** Who the gateway says is calling: every read and write is scoped to {@code workspace}. */
public record Caller(String workspace, String agent, Set<String> roles) {
}
