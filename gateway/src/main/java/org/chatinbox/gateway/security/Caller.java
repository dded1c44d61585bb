package org.chatinbox.gateway.security;

import java.util.List;

/** An authenticated agent: every call is made on its behalf and scoped to its workspace. */
public record Caller(String agentId, String workspaceId, List<String> roles) {
}
