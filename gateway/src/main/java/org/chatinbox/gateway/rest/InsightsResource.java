package org.chatinbox.gateway.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.chatinbox.gateway.client.Downstream;
import org.chatinbox.gateway.client.SummaryClient;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.common.annotation.Blocking;

/** What the bot fails at and how it does (contract §4, §4.1), answered by summary-service for the caller's workspace. */
@Path("/api/v1/insights")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "Insights")
public class InsightsResource {

    static final String SERVICE = "summary-service";

    private final SummaryClient summaries;

    public InsightsResource(@RestClient SummaryClient summaries) {
        this.summaries = summaries;
    }

    @GET
    @Path("/knowledge-gaps")
    @Operation(summary = "Visitor questions the bot failed (a fallback, an unhelpful rating, a request for a human), grouped by meaning, most frequent first", description = "Each group links to its latest conversations (at most ten), the way into the review queue (GET /conversations?botFailed=true).")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "QuestionGroupPage")))
    public Response knowledgeGaps(@Parameter(description = "only this bot's questions") @QueryParam("botId") String botId,
            @Parameter(description = "asked at or after this time") @QueryParam("since") String since,
            @Parameter(description = "asked before this time") @QueryParam("until") String until,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return Downstream.relay(SERVICE, () -> summaries.insight("knowledge-gaps", botId, since, until, limit, cursor));
    }

    @GET
    @Path("/top-questions")
    @Operation(summary = "The questions conversations open with (each conversation's first substantive visitor message), grouped by meaning, most frequent first")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "QuestionGroupPage")))
    public Response topQuestions(@Parameter(description = "only this bot's questions") @QueryParam("botId") String botId,
            @Parameter(description = "asked at or after this time") @QueryParam("since") String since,
            @Parameter(description = "asked before this time") @QueryParam("until") String until,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return Downstream.relay(SERVICE, () -> summaries.insight("top-questions", botId, since, until, limit, cursor));
    }

    @GET
    @Path("/bot-performance")
    @Operation(summary = "Each bot's figures per UTC day, newest first", description = "The days that meet the window: since defaults to 30 days before until (itself now); at most 366 days.")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "BotDayPage")))
    public Response botPerformance(@Parameter(description = "only this bot") @QueryParam("botId") String botId,
            @QueryParam("since") String since, @QueryParam("until") String until, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        return Downstream.relay(SERVICE, () -> summaries.insight("bot-performance", botId, since, until, limit, cursor));
    }
}
