package org.chatinbox.conversation.repository;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.chatinbox.problem.Problem;
import org.chatinbox.problem.ProblemException;

/**
 * A keyset position: the sort time and the id of the last item of a page, opaque to clients. A page continues strictly after
 * it, so no item is shown twice or skipped when new ones arrive in between (unlike an offset).
 */
public record Cursor(Instant at, String id) {

    public String encode() {
        String raw = at.getEpochSecond() + "." + at.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The id as the sequence number it is in a list keyed by one (the history). */
    public long sequence() {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw notOurs();
        }
    }

    public static Cursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            String[] time = raw.substring(0, colon).split("\\.");
            return new Cursor(Instant.ofEpochSecond(Long.parseLong(time[0]), Long.parseLong(time[1])),
                    raw.substring(colon + 1));
        } catch (RuntimeException e) {
            throw notOurs();
        }
    }

    private static ProblemException notOurs() {
        return ProblemException.badRequest("the cursor is not one this API gave out",
                List.of(new Problem.FieldProblem("cursor", "is not a cursor of this list")));
    }
}
