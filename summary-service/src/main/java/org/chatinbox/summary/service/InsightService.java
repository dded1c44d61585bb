package org.chatinbox.summary.service;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.chatinbox.problem.Problem;
import org.chatinbox.problem.ProblemException;
import org.chatinbox.service.model.ConversationKey;
import org.chatinbox.summary.config.SummaryConfig;
import org.chatinbox.summary.model.BotDay;
import org.chatinbox.summary.model.InsightGroup;
import org.chatinbox.summary.model.InsightWindow;
import org.chatinbox.summary.model.Page;
import org.chatinbox.summary.model.QuestionKind;
import org.chatinbox.summary.model.SummaryView;
import org.chatinbox.summary.repository.BotDayRepository;
import org.chatinbox.summary.repository.ConversationRepository;
import org.chatinbox.summary.repository.QuestionRepository;

/**
 * What the API reads: a conversation's summary, the grouped questions of a window, and the bots' days; the parameters are
 * checked here and refused in the product's words.
 */
@ApplicationScoped
public class InsightService {

    private final ConversationRepository conversations;
    private final QuestionRepository questions;
    private final BotDayRepository botDays;
    private final SummaryConfig.Pages pages;

    public InsightService(ConversationRepository conversations, QuestionRepository questions, BotDayRepository botDays,
            SummaryConfig config) {
        this.conversations = conversations;
        this.questions = questions;
        this.botDays = botDays;
        this.pages = config.pages();
    }

    /** The conversation's summary; a {@code 404} while the workspace has no such conversation or no summary of it yet. */
    public SummaryView summary(String workspace, String conversationId) throws SQLException {
        ConversationKey key = new ConversationKey(workspace, conversationId);
        Optional<SummaryView> summary = conversations.summary(key);
        if (summary.isPresent()) {
            return summary.get();
        }
        throw ProblemException.notFound(conversations.exists(key)
                ? "conversation " + conversationId + " has no summary yet: it is written a moment after its latest message"
                : "no conversation " + conversationId + " in this workspace");
    }

    /** A page of grouped questions, most asked first. */
    public Page<InsightGroup> groups(String workspace, QuestionKind kind, String botId, String since, String until,
            String limit, String cursor) throws SQLException {
        Instant from = time("since", since);
        Instant to = time("until", until);
        if (from != null && to != null && !from.isBefore(to)) {
            throw notBefore();
        }
        InsightWindow window = new InsightWindow(from, to, botId);
        int size = limit(limit);
        Integer afterCount = null;
        Long afterGroup = null;
        if (cursor != null) {
            String[] position = decode(cursor).split(":");
            try {
                afterCount = Integer.parseInt(position[0]);
                afterGroup = Long.parseLong(position[1]);
            } catch (RuntimeException e) {
                throw badCursor();
            }
        }
        List<QuestionRepository.Ranked> rows = questions.groups(workspace, kind, window, afterCount, afterGroup, size + 1);
        String next = null;
        if (rows.size() > size) {
            QuestionRepository.Ranked last = rows.get(size - 1);
            next = encode(last.group().count() + ":" + last.groupId());
            rows = rows.subList(0, size);
        }
        return new Page<>(rows.stream().map(QuestionRepository.Ranked::group).toList(), next);
    }

    /**
     * A page of bot days, newest first: the days that meet the window ({@code since} defaults to {@code defaultDays} before
     * {@code until}, itself now when not given), at most {@code maxDays} of them.
     */
    public Page<BotDay> botDays(String workspace, String botId, String since, String until, String limit, String cursor)
            throws SQLException {
        Instant to = Optional.ofNullable(time("until", until)).orElseGet(Instant::now);
        Instant from = Optional.ofNullable(time("since", since)).orElse(to.minus(pages.defaultDays(), ChronoUnit.DAYS));
        if (!from.isBefore(to)) {
            throw notBefore();
        }
        LocalDate firstDay = from.atOffset(ZoneOffset.UTC).toLocalDate();
        LocalDate endDay = to.minusNanos(1).atOffset(ZoneOffset.UTC).toLocalDate().plusDays(1);
        if (ChronoUnit.DAYS.between(firstDay, endDay) > pages.maxDays()) {
            throw ProblemException.badRequest("the window is too wide", List.of(new Problem.FieldProblem("since",
                    "must be at most " + pages.maxDays() + " days before until")));
        }
        int size = limit(limit);
        LocalDate afterDay = null;
        String afterBot = null;
        if (cursor != null) {
            String position = decode(cursor);
            int colon = position.indexOf(':');
            try {
                afterDay = LocalDate.parse(position.substring(0, colon));
                afterBot = position.substring(colon + 1);
            } catch (RuntimeException e) {
                throw badCursor();
            }
        }
        List<BotDay> rows = botDays.days(workspace, botId, firstDay, endDay, afterDay, afterBot, size + 1);
        String next = null;
        if (rows.size() > size) {
            BotDay last = rows.get(size - 1);
            next = encode(last.day() + ":" + last.botId());
            rows = rows.subList(0, size);
        }
        return new Page<>(List.copyOf(rows), next);
    }

    private int limit(String requested) {
        if (requested == null) {
            return pages.defaultLimit();
        }
        try {
            int limit = Integer.parseInt(requested.trim());
            if (limit >= 1 && limit <= pages.maxLimit()) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // worded below
        }
        throw ProblemException.badRequest("'limit' is not a page size",
                List.of(new Problem.FieldProblem("limit", "must be a whole number from 1 to " + pages.maxLimit())));
    }

    private static Instant time(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("'" + name + "' is not a time",
                    List.of(new Problem.FieldProblem(name, "must be a time such as 2026-11-22T10:15:30Z")));
        }
    }

    private static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw badCursor();
        }
    }

    private static ProblemException notBefore() {
        return ProblemException.badRequest("'since' is not before 'until'",
                List.of(new Problem.FieldProblem("since", "must be before until")));
    }

    private static ProblemException badCursor() {
        return ProblemException.badRequest("'cursor' is not one this list gave",
                List.of(new Problem.FieldProblem("cursor", "must be the nextCursor of an earlier page")));
    }
}
