package org.chatinbox.gateway.client;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.chatinbox.api.security.Caller;
import org.chatinbox.api.security.CurrentCaller;
import org.chatinbox.gateway.config.GatewayConfig;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * What every call to a service carries: the internal token, who is calling (workspace, agent, roles), and the request id that
 * follows the call through the logs.
 */
@ApplicationScoped
public class InternalHeaders implements ClientHeadersFactory {

    private final GatewayConfig config;
    private final CurrentCaller current;

    public InternalHeaders(GatewayConfig config, CurrentCaller current) {
        this.config = config;
        this.current = current;
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        Caller caller = current.get();
        headers.putSingle("X-Inbox-Token", config.internal().token());
        headers.putSingle("X-Inbox-Workspace", caller.workspace());
        headers.putSingle("X-Inbox-Agent", caller.agent());
        headers.putSingle("X-Inbox-Roles", String.join(",", caller.roles()));
        String requestId = incoming.getFirst("X-Request-Id");
        headers.putSingle("X-Request-Id", requestId != null ? requestId : UUID.randomUUID().toString());
        return headers;
    }
}
