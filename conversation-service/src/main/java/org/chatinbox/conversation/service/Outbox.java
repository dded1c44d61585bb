package org.chatinbox.conversation.service;

import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import org.chatinbox.conversation.model.OutboxWritten;
import org.chatinbox.conversation.repository.OutboxRepository;
import org.chatinbox.events.CloudEvent;
import org.chatinbox.events.EventCodec;

/**
 * Publishes an event the transactional way: written into the outbox in the caller's transaction, and announced to the relay
 * ({@link OutboxWritten}, observed once the transaction has committed) so that it leaves at once.
 */
@ApplicationScoped
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
