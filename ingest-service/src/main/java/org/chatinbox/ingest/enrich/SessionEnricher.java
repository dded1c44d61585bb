package org.chatinbox.ingest.enrich;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.data.MessageCreated;
import org.chatinbox.events.data.Session;

/**
 * Completes a message's session before it goes on Kafka, so that every consumer sees the same device, browser, OS and place:
 * what the channel sent wins, the rest is derived from the user agent and the IP address.
 */
@ApplicationScoped
public class SessionEnricher {

    private final UserAgentClassifier userAgents;
    private final GeoLocator geo;

    public SessionEnricher(UserAgentClassifier userAgents, GeoLocator geo) {
        this.userAgents = userAgents;
        this.geo = geo;
    }

    public CloudEvent<?> enrich(CloudEvent<?> event) {
        if (!(event.data() instanceof MessageCreated message) || message.session() == null) {
            return event;
        }
        Session session = complete(message.session());
        return session == message.session() ? event : event.withData(message.withSession(session));
    }

    /** The session with what can be derived added; the same instance when nothing could be. */
    public Session complete(Session session) {
        Session enriched = enrich(session);
        return enriched.equals(session) ? session : enriched;
    }

    Session enrich(Session session) {
        Session enriched = session;
        if (session.userAgent() != null && !session.userAgent().isBlank()
                && (session.device() == null || session.browser() == null || session.os() == null)) {
            UserAgentClassifier.Client client = userAgents.classify(session.userAgent());
            enriched = enriched.withClient(firstNonNull(session.device(), client.device()),
                    firstNonNull(session.browser(), client.browser()), firstNonNull(session.os(), client.os()));
        }
        if (session.city() == null && session.country() == null) {
            Session located = enriched;
            enriched = geo.locate(session.ip()).map(place -> located.withPlace(place.city(), place.country())).orElse(enriched);
        }
        return enriched;
    }

    private static String firstNonNull(String given, String derived) {
        return given != null ? given : derived;
    }
}
