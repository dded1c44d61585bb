package org.chatinbox.gateway.rest;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.chatinbox.api.rest.ListFilters;
import org.chatinbox.gateway.search.ListQuery;
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
    @Operation(summary = "Messages matching every word of q (in any form), best first", description = "The list's filters "
            + "(botId, channel, assignee, mode, status, needsHuman, label, and since/until on the message's time) and role "
            + "(visitor, bot, agent); total and facets count every match; cursor pagination with limit (1-100, default 20). "
            + "A keyword matching more than 1,000 conversations combined with state filters (assignee, mode, status, "
            + "needsHuman, label) that also match more than 1,000 is a 400 naming q: narrow one of them.")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "SearchPage")))
    public Response search(@QueryParam("q") String q, @BeanParam ListFilters filters,
            @QueryParam("role") String role, @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return search.search(new ListQuery(filters), q, role, limit, cursor);
    }
}
