package org.chatinbox.api.security;

import java.util.List;

/**
 * Who is calling: an agent of a workspace, with its roles. The gateway authenticates it (key or token) and passes it on to the
 * services behind it, which scope every read and write to {@code workspace}.
 */
public record Caller(String workspace, String agent, List<String> roles) {

    public Caller {
        roles = List.copyOf(roles);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
