package org.chatinbox.gateway.client;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.chatinbox.problem.ProblemException;
import org.jboss.logging.Logger;

/**
 * Relays a service's answer to the caller as it is (status, body, content type, {@code Retry-After}, {@code ETag}); a service
 * that does not answer in time, refuses connections or has its circuit open becomes a quick {@code 503} problem, never a hang.
 */
public final class Downstream {

    private static final Logger LOG = Logger.getLogger(Downstream.class);
    private static final List<String> RELAYED_HEADERS = List.of(HttpHeaders.CONTENT_TYPE, "Retry-After", HttpHeaders.LOCATION,
            HttpHeaders.ETAG);

    private Downstream() {
    }

    public static Response relay(String service, Supplier<Response> call) {
        Response answer;
        try {
            answer = call.get();
        } catch (WebApplicationException e) {
            answer = e.getResponse(); // a service's own error answer, should a client map it to an exception
        } catch (RuntimeException e) {
            LOG.warnf("%s unavailable: %s", service, e.toString());
            throw ProblemException.unavailable(service + " is unavailable; retry in a moment", Duration.ofSeconds(2));
        }
        try (Response received = answer) {
            Response.ResponseBuilder relayed = Response.status(received.getStatus());
            for (String header : RELAYED_HEADERS) {
                String value = received.getHeaderString(header);
                if (value != null) {
                    relayed.header(header, value);
                }
            }
            if (received.hasEntity()) {
                relayed.entity(received.readEntity(byte[].class));
            }
            return relayed.build();
        }
    }
}
