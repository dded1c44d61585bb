package org.chatinbox.events;

import java.util.Arrays;

/**
 * An event as a channel sent it: the checked event, and where its JSON and its {@code data.session} object lie in the request's
 * bytes, so that it can be forwarded without being written again ({@link #json()}, ingest-service's session splice).
 *
 * @param sessionOffset
 *            where {@code data.session} starts in {@code source}, or -1 when it has no session object
 */
public record ReceivedEvent(CloudEvent<?> event, byte[] source, int offset, int length, int sessionOffset,
        int sessionLength) {

    /** The event's JSON as it came. */
    public byte[] json() {
        return Arrays.copyOfRange(source, offset, offset + length);
    }
}
