package org.chatinbox.service.outbox;

import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventCodec;

import io.quarkus.arc.properties.IfBuildProperty;

/**
 * Publishes an event the transactional way: written into the outbox in the caller's transaction, and announced to the relay
 * ({@link OutboxWritten}, observed once the transaction has committed) so that it leaves at once.
 */
@ApplicationScoped
@IfBuildProperty(name = "outbox.enabled", stringValue = "true")
public class Outbox {

    private final OutboxRepository outbox;
    private final EventCodec codec;
    private final Event<OutboxWritten> written;

    public Outbox(OutboxRepository outbox, EventCodec codec, Event<OutboxWritten> written) {
        this.outbox = outbox;
        this.codec = codec;
        this.written = written;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(CloudEvent<?> event) throws SQLException {
        outbox.add(event.topic(), event.key(), codec.encode(event));
        written.fire(new OutboxWritten());
    }
}
