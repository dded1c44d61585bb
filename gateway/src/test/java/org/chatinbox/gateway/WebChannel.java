package org.chatinbox.gateway;

import java.time.Instant;

import io.restassured.specification.RequestSpecification;

/** A web chat widget, in the gateway's tests: sends a visitor's message to ingest through a gateway, as the channel does. */
final class WebChannel {

    private WebChannel() {
    }

    /** A visitor's message on the web channel of the demo workspace, sent now; ingest answers 202. */
    static void visitorWrites(RequestSpecification gateway, String conversation, String messageId, String name, String text,
            String bot) {
        gateway.header("X-API-Key", "demo-channel-key").contentType("application/cloudevents+json")
                .body("""
                        {"specversion": "1.0", "id": "evt-%1$s-%2$s", "source": "/channels/web", "type": "inbox.message.created",
                         "time": "%3$s", "data": {"workspaceId": "demo", "botId": "%6$s", "channel": "web",
                         "conversationId": "%1$s", "messageId": "%2$s", "sender": {"role": "visitor", "id": "v-1", "name": "%4$s"},
                         "text": "%5$s", "session": {"userAgent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0 Safari/537.36",
                         "city": "Lyon", "country": "FR"}}}"""
                        .formatted(conversation, messageId, Instant.now(), name, text, bot))
                .post("/api/v1/ingest/events").then().statusCode(202);
    }
}
