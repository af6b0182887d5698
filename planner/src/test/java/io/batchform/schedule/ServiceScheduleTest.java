package io.batchform.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A first run that has passed by apply time moves forward on its own grid; anything else is sent as planned. */
class ServiceScheduleTest {
    private static final Instant MONDAY_0100 = Instant.parse("2026-12-07T01:00:00Z");

    private static ServiceSchedule weekly(Instant first) {
        return new ServiceSchedule("nightly-mon-0200", first, null, null, Duration.ofDays(7));
    }

    @Test
    void aPassedFirstRunMovesToTheNextRunOnItsGrid() {
        ServiceSchedule moved = weekly(MONDAY_0100).startingAtOrAfter(Instant.parse("2026-12-16T12:00:00Z"));
        assertThat(moved.doNotRunUntil()).isEqualTo(Instant.parse("2026-12-21T01:00:00Z"));
        assertThat(moved.sameRuns(weekly(MONDAY_0100))).as("the plan sees no change").isTrue();
    }

    @Test
    void aRunExactlyNowOrToComeIsKept() {
        assertThat(weekly(MONDAY_0100).startingAtOrAfter(MONDAY_0100).doNotRunUntil()).isEqualTo(MONDAY_0100);
        assertThat(weekly(MONDAY_0100).startingAtOrAfter(MONDAY_0100.minusSeconds(1)).doNotRunUntil())
                .isEqualTo(MONDAY_0100);
        assertThat(weekly(MONDAY_0100).startingAtOrAfter(MONDAY_0100.plusMillis(1)).doNotRunUntil())
                .isEqualTo(Instant.parse("2026-12-14T01:00:00Z"));
    }

    @Test
    void aSingleRunIsNeverMoved() {
        ServiceSchedule once = new ServiceSchedule("once", MONDAY_0100, null, null, null);
        assertThat(once.startingAtOrAfter(MONDAY_0100.plus(Duration.ofDays(30)))).isEqualTo(once);
    }
}
