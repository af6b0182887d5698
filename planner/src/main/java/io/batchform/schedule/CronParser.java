package io.batchform.schedule;

import io.batchform.source.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads the five fields of a crontab, collecting every problem with its column. */
final class CronParser {
    private final List<CronProblem> problems = new ArrayList<>();

    private CronParser() {
    }

    static Cron.Parsed parse(String text) {
        return new CronParser().read(text);
    }

    private Cron.Parsed read(String text) {
        List<int[]> words = words(text);
        if (words.size() != CronUnit.values().length) {
            int[] extra = words.size() > 5 ? words.get(5) : null;
            int column = extra == null ? 1 : extra[0] + 1;
            int length = extra == null ? Math.max(1, text.length()) : text.length() - extra[0];
            problems.add(new CronProblem(column, length, "a cron expression has five fields (minute hour "
                    + "day-of-month month day-of-week), e.g. \"0 2 * * 1-5\"; found " + words.size()));
            return new Cron.Parsed(null, problems);
        }
        List<CronField> fields = new ArrayList<>();
        for (CronUnit unit : CronUnit.values()) {
            int[] word = words.get(unit.ordinal());
            fields.add(field(unit, text.substring(word[0], word[1]), word[0] + 1));
        }
        return problems.isEmpty() ? new Cron.Parsed(new Cron(text.strip(), fields), List.of())
                : new Cron.Parsed(null, problems);
    }

    /** [start, end) of each whitespace-separated word. */
    private static List<int[]> words(String text) {
        List<int[]> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            if (Character.isWhitespace(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            out.add(new int[] {start, i});
        }
        return out;
    }

    private CronField field(CronUnit unit, String text, int column) {
        long values = 0;
        int unevenStep = 0;
        int offset = 0;
        for (String item : text.split(",", -1)) {
            int itemColumn = column + offset;
            offset += item.length() + 1;
            if (item.isEmpty()) {
                problems.add(new CronProblem(itemColumn, 1, "empty item in the " + unit.label() + " list"));
                continue;
            }
            Item read = item(unit, item, itemColumn);
            values |= read.values;
            unevenStep = Math.max(unevenStep, read.unevenStep);
        }
        if (unit == CronUnit.DAY_OF_WEEK && (values & (1L << 7)) != 0) {
            values = values & ~(1L << 7) | 1L;
        }
        return new CronField(unit, text, column, values, unevenStep);
    }

    private record Item(long values, int unevenStep) {
    }

    private Item item(CronUnit unit, String item, int column) {
        int slash = item.indexOf('/');
        String range = slash < 0 ? item : item.substring(0, slash);
        int step = 1;
        if (slash >= 0) {
            String stepText = item.substring(slash + 1);
            Integer parsed = number(stepText);
            if (parsed == null || parsed < 1) {
                problems.add(new CronProblem(column + slash + 1, Math.max(1, stepText.length()),
                        "a step is a whole number of at least 1, not '" + stepText + "'"));
                return new Item(0, 0);
            }
            step = parsed;
        }
        int low;
        int high;
        boolean whole = range.equals("*");
        if (whole) {
            low = unit.min();
            high = unit.min() + unit.size() - 1;
        } else {
            int dash = range.indexOf('-', 1);
            Integer first = value(unit, dash < 0 ? range : range.substring(0, dash), column);
            Integer last = dash < 0 ? (slash >= 0 ? Integer.valueOf(unit.max()) : first)
                    : value(unit, range.substring(dash + 1), column + dash + 1);
            if (first == null || last == null) {
                return new Item(0, 0);
            }
            if (last < first) {
                problems.add(new CronProblem(column, range.length(), "the range " + range + " goes backwards: the "
                        + unit.label() + " must not be smaller at its end than at its start"));
                return new Item(0, 0);
            }
            low = first;
            high = last;
            whole = low == unit.min() && high - low + 1 >= unit.size();
        }
        long values = 0;
        for (int v = low; v <= high; v += step) {
            values |= 1L << v;
        }
        boolean uneven = whole && step > 1 && unit.size() % step != 0;
        return new Item(values, uneven ? step : 0);
    }

    private Integer value(CronUnit unit, String text, int column) {
        Integer n = number(text);
        if (n == null) {
            int named = unit.names().indexOf(text.toUpperCase(Locale.ROOT));
            if (named >= 0) {
                return unit.min() + named;
            }
            String expected = unit.names().isEmpty() ? "a number " + unit.min() + "-" + unit.max()
                    : "a number " + unit.min() + "-" + unit.max() + " or a name " + unit.names().get(0) + "-"
                    + unit.names().get(unit.names().size() - 1);
            problems.add(new CronProblem(column, Math.max(1, text.length()), "'" + text + "' is not a " + unit.label()
                    + ": expected " + expected + Suggestions.suffix(text, unit.names())));
            return null;
        }
        if (n < unit.min() || n > unit.max()) {
            problems.add(new CronProblem(column, text.length(), "the " + unit.label() + " " + n
                    + " is out of range " + unit.min() + "-" + unit.max()));
            return null;
        }
        return n;
    }

    private static Integer number(String text) {
        if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Integer.valueOf(text);
    }
}
