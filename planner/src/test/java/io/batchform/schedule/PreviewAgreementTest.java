package io.batchform.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Over a whole year and both offset changes of a zone, the runs the compiled service schedules fire (compiled again
 * at each change, as an apply after it would) are exactly the instants whose wall-clock time in the zone the cron
 * matches: a time the spring change skips does not run that day, a time the autumn change repeats runs twice.
 */
class PreviewAgreementTest {
    private static final Instant START = Instant.parse("2026-12-06T02:30:00Z");
    private static final Instant END = Instant.parse("2027-12-06T02:30:00Z");

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0 2 * * 1-5     | Europe/Paris     | 2
            30 9,17 * * *   | Europe/Paris     | 2
            0 */6 * * *     | Europe/Paris     | 2
            */15 * * * *    | Europe/Paris     | 0
            0 2 * * *       | America/New_York | 2
            30 1 * * *      | America/New_York | 2
            0 0,12 * * 1,4  | America/New_York | 2
            """)
    void compiledRunsAreTheCronsWallClockRunsOverAYear(String text, String zoneName, int changes) {
        Cron cron = Cron.parse(text).cron();
        ZoneId zone = ZoneId.of(zoneName);
        Preview.Result preview = Preview.between("nightly", cron, zone, START, END);
        assertThat(preview.runs()).extracting(ServiceRuns.Run::at).containsExactlyElementsOf(wallClock(cron, zone));
        assertThat(preview.changes()).hasSize(changes);
        assertThat(preview.runs()).isNotEmpty();
    }

    /** Every whole minute in the year whose local time the cron matches. */
    private static List<Instant> wallClock(Cron cron, ZoneId zone) {
        List<Instant> out = new ArrayList<>();
        for (Instant at = START; at.isBefore(END); at = at.plusSeconds(60)) {
            ZonedDateTime local = at.atZone(zone);
            if (cron.matches(local.getDayOfWeek().getValue() % 7, local.getHour(), local.getMinute())) {
                out.add(at);
            }
        }
        return out;
    }
}
