package io.batchform.schedule;

/**
 * One field of a crontab as written: its text, its 1-based column in the expression, and the values it selects as
 * a bit set ({@code 1L << value}; a day of week 7 is stored as 0, Sunday). {@code unevenStep} is the step of a
 * {@code *}/n item over the whole field that does not divide the field's size (0 when there is none).
 */
public record CronField(CronUnit unit, String text, int column, long values, int unevenStep) {
    /** Whether the field selects every value of its unit. */
    public boolean all() {
        for (int v = unit.min(); v <= Math.min(unit.max(), unit.min() + unit.size() - 1); v++) {
            if (!has(v)) {
                return false;
            }
        }
        return true;
    }

    public boolean has(int value) {
        return (values & (1L << value)) != 0;
    }
}
