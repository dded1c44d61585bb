package org.chatinbox.search.model;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.chatinbox.api.rest.ListFilters;
import org.chatinbox.api.security.Caller;
import org.chatinbox.problem.Problem.FieldProblem;
import org.chatinbox.problem.ProblemException;

/**
 * The list's filters as a search applies them, within the caller's workspace: {@code assignee=me} is the caller,
 * {@code assignee=none} the unassigned; {@code since} (inclusive) and {@code until} (exclusive) bound the conversation's last
 * message for a list of conversations, and the message's own time for a search of messages.
 */
public record SearchFilters(String workspace, String botId, String channel, String assignee, boolean unassigned, String mode,
        String status, Boolean needsHuman, List<String> labels, Boolean botFailed, Instant since, Instant until,
        List<String> conversationIds) {

    public static SearchFilters of(Caller caller, ListFilters f, List<String> conversationIds) {
        boolean unassigned = "none".equals(f.assignee);
        String assignee = unassigned ? null : "me".equals(f.assignee) ? caller.agent() : blankToNull(f.assignee);
        return new SearchFilters(caller.workspace(), blankToNull(f.botId), blankToNull(f.channel), assignee, unassigned,
                blankToNull(f.mode), blankToNull(f.status), f.needsHuman,
                f.labels == null || f.labels.isEmpty() ? null : List.copyOf(f.labels), f.botFailed, time("since", f.since),
                time("until", f.until), conversationIds);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** A time as the contract writes it (ISO 8601 with an offset); anything else is named. */
    private static Instant time(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("'" + field + "' is not a time",
                    List.of(new FieldProblem(field, "must be an ISO 8601 time with an offset, e.g. 2026-11-22T10:15:30Z")));
        }
    }
}
