package org.chatinbox.summary.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The time window of an insight list, {@code since} inclusive, {@code until} exclusive, each open when not given. The counts of
 * the whole UTC days inside it come from the day totals, those of its partial first and last day from the questions.
 */
public record InsightWindow(Instant since, Instant until, String botId) {

    /** Before anything this product stores. */
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    /** After anything it will. */
    private static final Instant LATEST = Instant.parse("9999-01-01T00:00:00Z");

    public Instant from() {
        return since == null ? EARLIEST : since;
    }

    public Instant to() {
        return until == null ? LATEST : until;
    }

    /** The first whole day: the day of {@code from} when it starts at midnight, the next day otherwise. */
    public LocalDate firstWholeDay() {
        LocalDate day = from().atOffset(ZoneOffset.UTC).toLocalDate();
        return day.atStartOfDay().toInstant(ZoneOffset.UTC).equals(from()) ? day : day.plusDays(1);
    }

    /** The day after the last whole day (exclusive). */
    public LocalDate endOfWholeDays() {
        return to().atOffset(ZoneOffset.UTC).toLocalDate();
    }

    public boolean hasWholeDays() {
        return firstWholeDay().isBefore(endOfWholeDays());
    }

    public static Instant midnight(LocalDate day) {
        return day.atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
