package io.batchform.schedule;

import java.util.ArrayList;
import java.util.List;

/**
 * The wall-clock minutes a cron (days of the month and months all) fires in one period: a day when every day of the
 * week matches, else a week from Monday 00:00. Minutes are counted from the period's start.
 */
record LocalPattern(int period, boolean[] fires) {
    static final int DAY = 1440;
    static final int WEEK = 7 * DAY;

    static LocalPattern of(Cron cron) {
        boolean daily = cron.field(CronUnit.DAY_OF_WEEK).all();
        int period = daily ? DAY : WEEK;
        boolean[] fires = new boolean[period];
        for (int minute = 0; minute < period; minute++) {
            int dayOfWeek = daily ? 0 : (minute / DAY + 1) % 7; // minute 0 is Monday, cron's 1
            int ofDay = minute % DAY;
            fires[minute] = (daily || cron.field(CronUnit.DAY_OF_WEEK).has(dayOfWeek))
                    && cron.field(CronUnit.HOUR).has(ofDay / 60) && cron.field(CronUnit.MINUTE).has(ofDay % 60);
        }
        return new LocalPattern(period, fires);
    }

    boolean daily() {
        return period == DAY;
    }

    /** Whether moving every fire time by {@code shift} minutes gives the same set. */
    boolean invariantUnder(int shift) {
        int s = Math.floorMod(shift, period);
        for (int minute = 0; minute < period; minute++) {
            if (fires[minute] != fires[(minute + s) % period]) {
                return false;
            }
        }
        return true;
    }

    /** One arithmetic progression of fire minutes: {@code start + k · interval}, start below interval. */
    record Progression(int start, int interval) {
    }

    /**
     * The fire minutes split into disjoint progressions whose interval divides the period, the longest taken first
     * (for a crontab's shapes this is the fewest).
     */
    List<Progression> progressions() {
        boolean[] left = fires.clone();
        List<Progression> out = new ArrayList<>();
        for (int interval = 1; interval <= period; interval++) {
            if (period % interval != 0) {
                continue;
            }
            for (int start = 0; start < interval; start++) {
                if (covers(left, start, interval)) {
                    for (int m = start; m < period; m += interval) {
                        left[m] = false;
                    }
                    out.add(new Progression(start, interval));
                }
            }
        }
        return out;
    }

    private boolean covers(boolean[] left, int start, int interval) {
        for (int m = start; m < period; m += interval) {
            if (!left[m]) {
                return false;
            }
        }
        return true;
    }
}
