package org.chatinbox.conversation.rest;

import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.chatinbox.api.rest.ListFilters;
import org.chatinbox.api.security.Caller;
import org.chatinbox.api.security.CurrentCaller;
import org.chatinbox.conversation.config.ConversationConfig;
import org.chatinbox.conversation.model.ConversationDetail;
import org.chatinbox.conversation.model.ConversationFilter;
import org.chatinbox.conversation.model.ConversationView;
import org.chatinbox.conversation.model.Counts;
import org.chatinbox.conversation.model.HistoryEntry;
import org.chatinbox.conversation.model.MessageView;
import org.chatinbox.conversation.model.Page;
import org.chatinbox.conversation.repository.ConversationRepository;
import org.chatinbox.conversation.repository.Cursor;
import org.chatinbox.conversation.repository.MessageRepository;
import org.chatinbox.conversation.repository.TimelineRepository;
import org.chatinbox.conversation.service.StatusService;
import org.chatinbox.events.data.Status;
import org.chatinbox.events.validation.ContractRules;
import org.chatinbox.events.validation.Identifier;
import org.chatinbox.problem.Problem;
import org.chatinbox.problem.ProblemException;
import org.chatinbox.service.model.ConversationKey;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.common.annotation.Blocking;

/**
 * The inbox as the gateway asks for it (contract §4): the list with its filters, one conversation, its messages. Always scoped
 * to the caller's workspace: another workspace's conversation does not exist here ({@code 404}).
 */
@Path("/api/v1/conversations")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "Conversations")
public class ConversationResource {

    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final PageLimits pages;
    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final TimelineRepository timeline;
    private final StatusService statuses;
    private final CurrentCaller caller;

    public ConversationResource(ConversationRepository conversations, MessageRepository messages,
            TimelineRepository timeline, StatusService statuses, CurrentCaller caller, ConversationConfig config) {
        this.pages = new PageLimits(config.pages());
        this.conversations = conversations;
        this.messages = messages;
        this.timeline = timeline;
        this.statuses = statuses;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The conversation list, newest lastMessageAt first, by cursor")
    public Page<ConversationView> list(@Valid @BeanParam ListFilters filters,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) throws SQLException {
        Caller who = caller.get();
        return conversations.list(who.workspace(), filter(who, filters, null), pages.limit(limit),
                cursor == null ? null : Cursor.decode(cursor));
    }

    /**
     * The list restricted to the given conversations, paginated the same way: the gateway's keyword filter {@code q} names the
     * conversations search-service matched, and the list's own order, filters and cursor stay this service's.
     */
    @POST
    @Path("/selection")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The conversation list restricted to the given ids, by cursor")
    public Page<ConversationView> selection(@Valid @BeanParam ListFilters filters,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor, @Valid @NotNull(message = "the body is required") Selection body)
            throws SQLException {
        Caller who = caller.get();
        if (body.ids().isEmpty()) {
            return new Page<>(List.of(), null);
        }
        return conversations.list(who.workspace(), filter(who, filters, body.ids()), pages.limit(limit),
                cursor == null ? null : Cursor.decode(cursor));
    }

    /** {@code POST /selection} body: at most 1,000 conversation ids. */
    public record Selection(
            @NotNull(message = "must list conversation ids") @Size(max = 1000, message = "at most 1000 ids") List<@NotNull String> ids) {
    }

    @GET
    @Path("/counts")
    @Operation(summary = "The inbox tabs' counters, for the same filters as the list")
    public Counts counts(@Valid @BeanParam ListFilters filters) throws SQLException {
        Caller who = caller.get();
        return conversations.counts(who.workspace(), filter(who, filters, null), who.agent());
    }

    /** The counters restricted to the given conversations, as {@code POST /selection} restricts the list. */
    @POST
    @Path("/counts/selection")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The inbox tabs' counters for the list's filters, restricted to the given ids")
    public Counts countsOfSelection(@Valid @BeanParam ListFilters filters,
            @Valid @NotNull(message = "the body is required") Selection body) throws SQLException {
        Caller who = caller.get();
        if (body.ids().isEmpty()) {
            return Counts.NONE;
        }
        return conversations.counts(who.workspace(), filter(who, filters, body.ids()), who.agent());
    }

    @GET
    @Path("/{id}/history")
    @Operation(summary = "Every handoff, assignment, status and label change, oldest first")
    public Page<HistoryEntry> history(@PathParam("id") @Identifier String id,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) throws SQLException {
        return timeline.page(existing(id), pages.limitOrMax(limit), cursor == null ? null : Cursor.decode(cursor));
    }

    @POST
    @Path("/{id}/resolve")
    @Operation(summary = "Status resolved")
    public ConversationDetail resolve(@PathParam("id") @Identifier String id) throws SQLException {
        return status(id, Status.RESOLVED, null);
    }

    @POST
    @Path("/{id}/reopen")
    @Operation(summary = "Status open")
    public ConversationDetail reopen(@PathParam("id") @Identifier String id) throws SQLException {
        return status(id, Status.OPEN, null);
    }

    @POST
    @Path("/{id}/snooze")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Status snoozed until a time; a new visitor message reopens it")
    public ConversationDetail snooze(@PathParam("id") @Identifier String id,
            @Valid @NotNull(message = "the body is required") Snooze body)
            throws SQLException {
        Instant until = time("until", body.until());
        if (!until.isAfter(Instant.now())) {
            throw ProblemException.badRequest("'until' is not in the future",
                    List.of(new Problem.FieldProblem("until", "must be a time in the future")));
        }
        return status(id, Status.SNOOZED, until);
    }

    @PUT
    @Path("/{id}/labels")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the labels")
    public ConversationDetail labels(@PathParam("id") @Identifier String id,
            @Valid @NotNull(message = "the body is required") Labels body)
            throws SQLException {
        List<String> labels = checkedLabels(body.labels());
        Caller who = caller.get();
        if (!statuses.setLabels(new ConversationKey(who.workspace(), id), labels, who.agent())) {
            throw notFound(id);
        }
        return get(id);
    }

    /** The labels stripped and once each; {@code 400} naming each bad one. */
    static List<String> checkedLabels(List<String> labels) {
        List<Problem.FieldProblem> problems = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            String problem = ContractRules.labelProblem(labels.get(i));
            if (problem != null) {
                problems.add(new Problem.FieldProblem("labels[" + i + "]", problem));
            }
        }
        if (!problems.isEmpty()) {
            throw ProblemException.badRequest("the request has " + problems.size() + " invalid label(s)", problems);
        }
        return labels.stream().map(String::strip).distinct().toList();
    }

    /** {@code POST /snooze} body. */
    public record Snooze(@NotNull(message = "must be a time such as 2026-11-23T09:00:00Z") String until) {
    }

    /** {@code PUT /labels} body. */
    public record Labels(
            @NotNull @Size(max = 50, message = "at most 50 labels") List<@NotNull String> labels) {
    }

    private ConversationDetail status(String id, Status status, Instant snoozedUntil) throws SQLException {
        Caller who = caller.get();
        if (!statuses.setStatus(new ConversationKey(who.workspace(), id), status, snoozedUntil, who.agent())) {
            throw notFound(id);
        }
        return get(id);
    }

    /** The caller's conversation of that id; {@code 404} when the caller's workspace has none. */
    private ConversationKey existing(String id) throws SQLException {
        String workspace = caller.get().workspace();
        if (!conversations.exists(workspace, id)) {
            throw notFound(id);
        }
        return new ConversationKey(workspace, id);
    }

    static ProblemException notFound(String id) {
        return ProblemException.notFound("no conversation '" + id + "'");
    }

    private static ConversationFilter filter(Caller who, ListFilters f, List<String> ids) {
        String assigneeId = "me".equals(f.assignee) ? who.agent() : f.assignee;
        return new ConversationFilter(f.botId, f.channel, assigneeId, f.mode, f.status, f.needsHuman, f.labels,
                time("since", f.since), time("until", f.until), ids, f.botFailed);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One conversation")
    public ConversationDetail get(@PathParam("id") @Identifier String id) throws SQLException {
        return conversations.find(caller.get().workspace(), id).orElseThrow(() -> notFound(id));
    }

    @GET
    @Path("/{id}/messages")
    @Operation(summary = "One conversation's messages, chronological (order=asc) or newest first (order=desc)")
    public Page<MessageView> messages(@PathParam("id") @Identifier String id,
            @QueryParam("order") @DefaultValue("asc") @Pattern(regexp = "asc|desc", message = "must be asc or desc") String order,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) throws SQLException {
        // a next page is of a conversation seen on the first: no need to look for it again
        ConversationKey key = cursor == null ? existing(id) : new ConversationKey(caller.get().workspace(), id);
        return messages.page(key, "asc".equals(order), pages.limit(limit), cursor == null ? null : Cursor.decode(cursor));
    }

    private static Instant time(String field, String value) {
        if (value == null) {
            return null;
        }
        Instant time;
        try {
            time = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("'" + field + "' is not a time",
                    List.of(new Problem.FieldProblem(field, "must be an RFC 3339 time such as 2026-11-22T10:15:30Z")));
        }
        // what PostgreSQL's timestamptz holds, and more than any inbox needs
        if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
            throw ProblemException.badRequest("'" + field + "' is out of range",
                    List.of(new Problem.FieldProblem(field, "must be a time from 1970 to 9999")));
        }
        return time;
    }
}
