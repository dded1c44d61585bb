package org.chatinbox.summary.rest;

import java.sql.SQLException;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.chatinbox.api.security.CurrentCaller;
import org.chatinbox.summary.model.BotDay;
import org.chatinbox.summary.model.InsightGroup;
import org.chatinbox.summary.model.Page;
import org.chatinbox.summary.model.QuestionKind;
import org.chatinbox.summary.model.SummaryView;
import org.chatinbox.summary.service.InsightService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.common.annotation.Blocking;

/** A conversation's summary and the workspace's insights (contract §4, §4.1), for the caller's workspace only. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "Insights")
public class SummaryResource {

    private final InsightService insights;
    private final CurrentCaller caller;

    public SummaryResource(InsightService insights, CurrentCaller caller) {
        this.insights = insights;
        this.caller = caller;
    }

    @GET
    @Path("/conversations/{id}/summary")
    @Operation(summary = "The conversation's latest summary")
    public SummaryView summary(@PathParam("id") String id) throws SQLException {
        return insights.summary(caller.get().workspace(), id);
    }

    @GET
    @Path("/insights/knowledge-gaps")
    @Operation(summary = "Visitor questions the bot failed, grouped by meaning, most frequent first")
    public Page<InsightGroup> knowledgeGaps(@QueryParam("botId") String botId, @QueryParam("since") String since,
            @QueryParam("until") String until, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor)
            throws SQLException {
        return insights.groups(caller.get().workspace(), QuestionKind.GAP, botId, since, until, limit, cursor);
    }

    @GET
    @Path("/insights/top-questions")
    @Operation(summary = "The questions conversations open with, grouped by meaning, most frequent first")
    public Page<InsightGroup> topQuestions(@QueryParam("botId") String botId, @QueryParam("since") String since,
            @QueryParam("until") String until, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor)
            throws SQLException {
        return insights.groups(caller.get().workspace(), QuestionKind.QUESTION, botId, since, until, limit, cursor);
    }

    @GET
    @Path("/insights/bot-performance")
    @Operation(summary = "Each bot's figures per UTC day, newest first")
    public Page<BotDay> botPerformance(@QueryParam("botId") String botId, @QueryParam("since") String since,
            @QueryParam("until") String until, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor)
            throws SQLException {
        return insights.botDays(caller.get().workspace(), botId, since, until, limit, cursor);
    }
}
