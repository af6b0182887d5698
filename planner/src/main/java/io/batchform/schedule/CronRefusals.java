package io.batchform.schedule;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Why a cron cannot be run exactly by job schedules that repeat at a fixed interval, and what nearby expressions
 * can: each refusal names the nearest expressible alternatives.
 */
final class CronRefusals {
    private CronRefusals() {
    }

    static List<CronProblem> fieldProblems(Cron cron) {
        List<CronProblem> out = new ArrayList<>();
        CronField days = cron.field(CronUnit.DAY_OF_MONTH);
        if (!days.all()) {
            String weekday = cron.field(CronUnit.DAY_OF_WEEK).all() ? "1" : cron.field(CronUnit.DAY_OF_WEEK).text();
            String weekly = cron.with(CronUnit.DAY_OF_MONTH, "*");
            out.add(problem(days, "the service cannot run on days of the month: its job schedules repeat at a "
                    + "fixed interval and months have 28 to 31 days. Nearest expressible: \""
                    + new Alternative(weekly, CronUnit.DAY_OF_WEEK, weekday) + "\" (weekly) or \""
                    + new Alternative(weekly, CronUnit.DAY_OF_WEEK, "*") + "\" (daily)"));
        }
        CronField months = cron.field(CronUnit.MONTH);
        if (!months.all()) {
            out.add(problem(months, "the service cannot run in some months only: its job schedules repeat at a "
                    + "fixed interval all year. Nearest expressible: \"" + cron.with(CronUnit.MONTH, "*")
                    + "\" all year, bounded if need be by the service form's schedule.doNotRunUntil and "
                    + "schedule.doNotRunAfter"));
        }
        for (CronUnit unit : List.of(CronUnit.MINUTE, CronUnit.HOUR)) {
            CronField field = cron.field(unit);
            if (field.unevenStep() > 0) {
                out.add(uneven(cron, field));
            }
        }
        return out;
    }

    private static CronProblem uneven(Cron cron, CronField field) {
        int step = field.unevenStep();
        int size = field.unit().size();
        int last = (size - 1) / step * step;
        String unit = field.unit().label();
        String per = field.unit() == CronUnit.MINUTE ? "hour" : "day";
        Set<String> steps = new LinkedHashSet<>();
        for (int d = step - 1; d >= 1 && steps.isEmpty(); d--) {
            if (size % d == 0) {
                steps.add(stepText(d));
            }
        }
        for (int d = step + 1; d <= size && steps.size() < 2; d++) {
            if (size % d == 0) {
                steps.add(stepText(d));
            }
        }
        String interval = field.unit() == CronUnit.MINUTE ? "PT" + step + "M" : "PT" + step + "H";
        return problem(field, "*/" + step + " runs at " + unit + " 0, " + step + ", ..., " + last + " and again at 0 "
                + "of the next " + per + ", " + (size - last) + " " + unit + (size - last == 1 ? "" : "s")
                + " later: the service repeats at one fixed interval. Nearest expressible: "
                + steps.stream().map(s -> "\"" + cron.with(field.unit(), s) + "\"").collect(Collectors.joining(" or "))
                + " (steps that divide " + size + "), or every " + step + " " + unit + "s round the clock with the "
                + "service form schedule.recurrenceInterval: " + interval);
    }

    private static String stepText(int step) {
        return step == 1 ? "*" : "*/" + step;
    }

    static CronProblem tooMany(Cron cron, int count) {
        List<String> fits = new ArrayList<>();
        for (String candidate : candidates(cron)) {
            Cron.Parsed parsed = Cron.parse(candidate);
            if (!parsed.ok() || candidate.equals(cron.text())) {
                continue;
            }
            CronCompiler.Result result = CronCompiler.compile("x", parsed.cron(), ZoneOffset.UTC, Instant.EPOCH);
            if (result.ok() && !fits.contains(candidate)) {
                int n = result.schedules().size();
                fits.add("\"" + candidate + "\" (" + n + " schedule" + (n == 1 ? "" : "s") + ")");
            }
        }
        return new CronProblem(1, cron.text().length(), "\"" + cron.text() + "\" needs " + count + " service job "
                + "schedules (each counts against the account's active jobs and job schedules quota); batchform "
                + "compiles one cron to at most " + CronCompiler.MAX_SCHEDULES + "."
                + (fits.isEmpty() ? " Split it into several job schedules" : " Nearest expressible: "
                + String.join(", ", fits)));
    }

    private static List<String> candidates(Cron cron) {
        CronField minutes = cron.field(CronUnit.MINUTE);
        CronField hours = cron.field(CronUnit.HOUR);
        return List.of(cron.with(CronUnit.DAY_OF_WEEK, "*"),
                new Alternative(cron.with(CronUnit.MINUTE, Long.toString(Long.numberOfTrailingZeros(minutes.values()))),
                        CronUnit.HOUR, hours.text()).toString(),
                cron.with(CronUnit.HOUR, Long.toString(Long.numberOfTrailingZeros(hours.values()))));
    }

    /** A crontab text with one field replaced. */
    private record Alternative(String text, CronUnit unit, String field) {
        @Override
        public String toString() {
            Cron.Parsed parsed = Cron.parse(text);
            return parsed.ok() ? parsed.cron().with(unit, field) : text;
        }
    }

    private static CronProblem problem(CronField field, String message) {
        return new CronProblem(field.column(), field.text().length(), message);
    }
}
