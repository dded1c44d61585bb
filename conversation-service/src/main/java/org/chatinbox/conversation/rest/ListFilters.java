package org.chatinbox.conversation.rest;

import java.util.List;

import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.QueryParam;

/** The list filters of contract §4 as query parameters, shared by the list, its selection and the counters. */
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

    @QueryParam("since")
    public String since;

    @QueryParam("until")
    public String until;
}
