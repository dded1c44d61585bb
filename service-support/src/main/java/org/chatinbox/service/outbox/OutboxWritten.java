package org.chatinbox.service.outbox;

/**
 * Fired when a transaction wrote into the outbox: observed after that transaction commits, so that the relay moves the event at
 * once instead of at its next sweep.
 */
public record OutboxWritten() {
}
