package io.batchform.schedule;

import java.util.List;

/** The five fields of a crontab, in order, with their ranges and the names some of them accept. */
public enum CronUnit {
    MINUTE("minute", 0, 59, List.of()),
    HOUR("hour", 0, 23, List.of()),
    DAY_OF_MONTH("day of month", 1, 31, List.of()),
    MONTH("month", 1, 12, List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")),
    /** 0 and 7 are both Sunday. */
    DAY_OF_WEEK("day of week", 0, 7, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"));

    private final String label;
    private final int min;
    private final int max;
    private final List<String> names;

    CronUnit(String label, int min, int max, List<String> names) {
        this.label = label;
        this.min = min;
        this.max = max;
        this.names = names;
    }

    public String label() {
        return label;
    }

    public int min() {
        return min;
    }

    public int max() {
        return max;
    }

    /** The accepted three-letter names, the first one standing for {@link #min()} (Sunday is 0). */
    List<String> names() {
        return names;
    }

    /** How many distinct values the field has (day of week: 7, as 7 is Sunday again). */
    int size() {
        return this == DAY_OF_WEEK ? 7 : max - min + 1;
    }
}
