package org.chatinbox.gateway.rest;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.chatinbox.api.rest.ListFilters;
import org.chatinbox.gateway.search.MessageSearch;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.common.annotation.Blocking;

/** The search box of contract §4: the workspace's messages matching a keyword. */
@Path("/api/v1/search")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "Search")
public class SearchResource {

    private final MessageSearch search;

    public SearchResource(MessageSearch search) {
        this.search = search;
    }

    @GET
    @Operation(summary = "Messages matching q, best first", description = "q: words (in any form, or within a typo: refnd "
            + "finds refund, ranked below it), \"phrases\", -word or -\"phrase\" to leave out conversations mentioning them; "
            + "a conversation found by its visitor's name or id, or by its id, comes first with its first message. The list's "
            + "filters (botId, channel, assignee, mode, status, needsHuman, botFailed, label, and since/until on the message's "
            + "time) and role (visitor, bot, agent), in any mix; total (exact) and facets (channel, role, botId, status, "
            + "label) count every match; at most 20 matches of one conversation are listed (the search inside it lists all); "
            + "cursor pagination with limit (1-100, default 20).")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "SearchPage")))
    public Response search(@QueryParam("q") String q, @BeanParam ListFilters filters,
            @QueryParam("role") String role, @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return search.search(filters, q, role, limit, cursor);
    }

    @GET
    @Path("/suggest")
    @Operation(summary = "Search as you type: completions of q, its last word a prefix", description = "The words typed so "
            + "far with the last one completed from the workspace's own messages, the most frequent first: "
            + "{\"suggestions\": [\"...\"]}; at most 8.")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Suggestions")))
    public Response suggest(@QueryParam("q") String q) {
        return search.suggest(q);
    }
}
