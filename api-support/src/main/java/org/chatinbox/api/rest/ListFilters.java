package org.chatinbox.api.rest;

import java.util.List;

import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.QueryParam;

/**
 * The conversation list's filters of contract §4 but {@code q}, as query parameters: one bean for the gateway's resource, the
 * gateway's client of conversation-service and conversation-service's resource, so that a filter is named in one place. Null
 * means "any"; {@code assignee} is an agent id, {@code me} or {@code none}; {@code label} is repeatable and matches any;
 * {@code since} (inclusive) and {@code until} (exclusive) bound {@code lastMessageAt}.
 */
public class ListFilters {

    @QueryParam("botId")
    public String botId;

    @QueryParam("channel")
    public String channel;

    @QueryParam("assignee")
    public String assignee;

    @QueryParam("mode")
    @Pattern(regexp = "BOT|HUMAN", message = "must be BOT or HUMAN")
    public String mode;

    @QueryParam("status")
    @Pattern(regexp = "open|resolved|snoozed", message = "must be open, resolved or snoozed")
    public String status;

    @QueryParam("needsHuman")
    public Boolean needsHuman;

    @QueryParam("label")
    public List<String> labels;

    /** The review queue: conversations in which the bot fell back, was rated unhelpful or asked for a human. */
    @QueryParam("botFailed")
    public Boolean botFailed;

    @QueryParam("since")
    public String since;

    @QueryParam("until")
    public String until;
}
