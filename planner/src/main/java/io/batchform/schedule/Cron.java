package io.batchform.schedule;

import java.util.List;
import java.util.Objects;

/**
 * A five-field crontab ({@code minute hour day-of-month month day-of-week}), read by {@link #parse}: numbers,
 * ranges ({@code 1-5}), steps ({@code *}/15, {@code 0-30/10}), lists ({@code 9,17}), {@code *} and the names
 * {@code MON}-{@code SUN} and {@code JAN}-{@code DEC} in any case.
 */
public record Cron(String text, List<CronField> fields) {
    public Cron {
        Objects.requireNonNull(text, "text");
        fields = List.copyOf(fields);
        if (fields.size() != CronUnit.values().length) {
            throw new IllegalArgumentException("a cron has five fields: " + fields);
        }
    }

    /** What reading a crontab gives: the expression, or the problems found (then {@code cron} is null). */
    public record Parsed(Cron cron, List<CronProblem> problems) {
        public Parsed {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return cron != null;
        }
    }

    /** Reads a crontab; every problem found is reported, each at its column. */
    public static Parsed parse(String text) {
        return CronParser.parse(text);
    }

    public CronField field(CronUnit unit) {
        return fields.get(unit.ordinal());
    }

    /** Whether the wall-clock minute (day of week 0 = Sunday) matches; days of the month and months are not asked. */
    public boolean matches(int dayOfWeek, int hour, int minute) {
        return field(CronUnit.DAY_OF_WEEK).has(dayOfWeek % 7) && field(CronUnit.HOUR).has(hour)
                && field(CronUnit.MINUTE).has(minute);
    }

    /** This expression with one field's text replaced (for suggesting alternatives). */
    String with(CronUnit unit, String fieldText) {
        StringBuilder out = new StringBuilder();
        for (CronField field : fields) {
            out.append(out.isEmpty() ? "" : " ").append(field.unit() == unit ? fieldText : field.text());
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
