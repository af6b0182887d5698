package io.batchform.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cron → the service schedules it compiles to, and the expressions the service cannot fire exactly. */
class CronCompilerTest {
    /** A Sunday, in Paris's winter time. */
    private static final Instant NOW = Instant.parse("2026-12-06T02:30:00Z");

    private static CronCompiler.Result compile(String cron, String zone) {
        Cron.Parsed parsed = Cron.parse(cron);
        assertThat(parsed.problems()).isEmpty();
        return CronCompiler.compile("nightly", parsed.cron(), ZoneId.of(zone), NOW);
    }

    /** Each schedule as {@code id@doNotRunUntil/interval}, joined by spaces. */
    private static String compiled(CronCompiler.Result result) {
        return result.schedules().stream().map(s -> s.id() + "@" + s.doNotRunUntil() + "/"
                + ServiceSchedule.iso(s.recurrenceInterval())).collect(Collectors.joining(" "));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource(delimiter = '|', textBlock = """
            */15 * * * *    | UTC          | nightly@2026-12-06T02:30:00Z/PT15M
            0,30 * * * *    | UTC          | nightly@2026-12-06T02:30:00Z/PT30M
            * * * * *       | UTC          | nightly@2026-12-06T02:30:00Z/PT1M
            0 */6 * * *     | Europe/Paris | nightly@2026-12-06T05:00:00Z/PT6H
            0 2 * * *       | Europe/Paris | nightly@2026-12-07T01:00:00Z/P1D
            0 12 * * 1-7    | UTC          | nightly@2026-12-06T12:00:00Z/P1D
            30 9,17 * * *   | UTC          | nightly-0930@2026-12-06T09:30:00Z/P1D nightly-1730@2026-12-06T17:30:00Z/P1D
            0 0 * * sun     | UTC          | nightly@2026-12-13T00:00:00Z/P7D
            0 0 * * 7       | UTC          | nightly@2026-12-13T00:00:00Z/P7D
            0 9 * * MON,WED,FRI | UTC      | nightly-mon-0900@2026-12-07T09:00:00Z/P7D nightly-wed-0900@2026-12-09T09:00:00Z/P7D nightly-fri-0900@2026-12-11T09:00:00Z/P7D
            0 0,12 * * 1,4  | UTC          | nightly-mon-0000@2026-12-07T00:00:00Z/PT84H nightly-mon-1200@2026-12-07T12:00:00Z/P7D nightly-thu-0000@2026-12-10T00:00:00Z/P7D
            0 2 * * 1-5     | Europe/Paris | nightly-mon-0200@2026-12-07T01:00:00Z/P7D nightly-tue-0200@2026-12-08T01:00:00Z/P7D nightly-wed-0200@2026-12-09T01:00:00Z/P7D nightly-thu-0200@2026-12-10T01:00:00Z/P7D nightly-fri-0200@2026-12-11T01:00:00Z/P7D
            0 2 * * 1-5     | America/New_York | nightly-mon-0200@2026-12-07T07:00:00Z/P7D nightly-tue-0200@2026-12-08T07:00:00Z/P7D nightly-wed-0200@2026-12-09T07:00:00Z/P7D nightly-thu-0200@2026-12-10T07:00:00Z/P7D nightly-fri-0200@2026-12-11T07:00:00Z/P7D
            """)
    void compilesToTheFewestServiceSchedules(String cron, String zone, String expected) {
        CronCompiler.Result result = compile(cron, zone);
        assertThat(result.problems()).isEmpty();
        assertThat(compiled(result)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0 2 * * 1-5   | Europe/Paris     | Europe/Paris moves to summer time on 2027-03-28: from then the service fires at 03:00 local instead of 02:00; an apply after 2027-03-28T01:00Z corrects it
            30 9 * * *    | America/New_York | America/New_York moves to summer time on 2027-03-14: from then the service fires at 10:30 local instead of 09:30; an apply after 2027-03-14T07:00Z corrects it
            0 */6 * * *   | Europe/Paris     | Europe/Paris moves to summer time on 2027-03-28: from then the service fires at 07:00 local instead of 06:00; an apply after 2027-03-28T01:00Z corrects it
            """)
    void saysWhenTheZoneMovesTheGrid(String cron, String zone, String message) {
        assertThat(compile(cron, zone).validUntil()).map(ZoneChange::message).contains(message);
    }

    /** After a change, the last one that moved the grid compiled before it: what a service applied before fires. */
    @ParameterizedTest(name = "{0} in {1} at {2}")
    @CsvSource(delimiter = '|', textBlock = """
            0 2 * * 1-5   | Europe/Paris     | 2027-03-29T12:00:00Z | Europe/Paris moved to summer time on 2027-03-28: since then the service fires at 03:00 local instead of 02:00
            0 2 * * 1-5   | Europe/Paris     | 2027-03-28T01:00:00Z | Europe/Paris moved to summer time on 2027-03-28: since then the service fires at 03:00 local instead of 02:00
            0 2 * * 1-5   | Europe/Paris     | 2027-11-02T00:00:00Z | Europe/Paris moved back to standard time on 2027-10-31: since then the service fires at 01:00 local instead of 02:00
            0 2 * * 1-5   | Europe/Paris     | 2026-12-06T02:30:00Z | Europe/Paris moved back to standard time on 2026-10-25: since then the service fires at 01:00 local instead of 02:00
            30 9 * * *    | America/New_York | 2027-03-15T00:00:00Z | America/New_York moved to summer time on 2027-03-14: since then the service fires at 10:30 local instead of 09:30
            */15 * * * *  | Europe/Paris     | 2027-03-29T12:00:00Z |
            0 2 * * *     | UTC              | 2027-03-29T12:00:00Z |
            """)
    void saysWhichPastChangeMovedTheGridCompiledBeforeIt(String cron, String zone, String now, String message) {
        assertThat(CronCompiler.lastMove("nightly", Cron.parse(cron).cron(), ZoneId.of(zone), Instant.parse(now))
                .map(ZoneChange::pastMessage)).isEqualTo(java.util.Optional.ofNullable(message));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            */15 * * * *  | Europe/Paris
            5 * * * 1-5   | UTC
            0 2 * * *     | UTC
            """)
    void gridsThatAnHourDoesNotMoveStayValid(String cron, String zone) {
        assertThat(compile(cron, zone).validUntil()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            0 2 1 * *     | 5 | 1  | the service cannot run on days of the month: its job schedules repeat at a fixed interval and months have 28 to 31 days. Nearest expressible: "0 2 * * 1" (weekly) or "0 2 * * *" (daily)
            0 2 1-7 * fri | 5 | 3  | the service cannot run on days of the month: its job schedules repeat at a fixed interval and months have 28 to 31 days. Nearest expressible: "0 2 * * fri" (weekly) or "0 2 * * *" (daily)
            0 2 * JAN *   | 7 | 3  | the service cannot run in some months only: its job schedules repeat at a fixed interval all year. Nearest expressible: "0 2 * * *" all year, bounded if need be by the service form's schedule.doNotRunUntil and schedule.doNotRunAfter
            */7 * * * *   | 1 | 3  | */7 runs at minute 0, 7, ..., 56 and again at 0 of the next hour, 4 minutes later: the service repeats at one fixed interval. Nearest expressible: "*/6 * * * *" or "*/10 * * * *" (steps that divide 60), or every 7 minutes round the clock with the service form schedule.recurrenceInterval: PT7M
            0 */5 * * *   | 3 | 3  | */5 runs at hour 0, 5, ..., 20 and again at 0 of the next day, 4 hours later: the service repeats at one fixed interval. Nearest expressible: "0 */4 * * *" or "0 */6 * * *" (steps that divide 24), or every 5 hours round the clock with the service form schedule.recurrenceInterval: PT5H
            0 * * * 1-5   | 1 | 11 | "0 * * * 1-5" needs 84 service job schedules (each counts against the account's active jobs and job schedules quota); batchform compiles one cron to at most 24. Nearest expressible: "0 * * * *" (1 schedule), "0 0 * * 1-5" (5 schedules)
            """)
    void refusesWhatTheServiceCannotFireExactly(String cron, int column, int length, String message) {
        CronCompiler.Result result = compile(cron, "UTC");
        assertThat(result.schedules()).isEmpty();
        assertThat(result.problems()).containsExactly(new CronProblem(column, length, message));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            0 2 * *       | 1 | 7 | a cron expression has five fields (minute hour day-of-month month day-of-week), e.g. "0 2 * * 1-5"; found 4
            0 2 * * * *   | 11 | 1 | a cron expression has five fields (minute hour day-of-month month day-of-week), e.g. "0 2 * * 1-5"; found 6
            60 * * * *    | 1 | 2 | the minute 60 is out of range 0-59
            0 24 * * *    | 3 | 2 | the hour 24 is out of range 0-23
            0 2 * * MOM   | 9 | 3 | 'MOM' is not a day of week: expected a number 0-7 or a name SUN-SAT (did you mean 'MON'?)
            0 2 * Jum *   | 7 | 3 | 'Jum' is not a month: expected a number 1-12 or a name JAN-DEC (did you mean 'JUN'?)
            5-1 * * * *   | 1 | 3 | the range 5-1 goes backwards: the minute must not be smaller at its end than at its start
            */0 * * * *   | 3 | 1 | a step is a whole number of at least 1, not '0'
            0,,5 * * * *  | 3 | 1 | empty item in the minute list
            """)
    void readingErrorsNameTheColumn(String cron, int column, int length, String message) {
        Cron.Parsed parsed = Cron.parse(cron);
        assertThat(parsed.ok()).isFalse();
        assertThat(parsed.problems()).containsExactly(new CronProblem(column, length, message));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            0 2 * * 1-5
            30 9,17 * * *
            */15 * * * *
            """)
    void compilingAgainLaterLandsOnTheSameGrid(String cron) {
        Cron parsed = Cron.parse(cron).cron();
        ZoneId paris = ZoneId.of("Europe/Paris");
        List<ServiceSchedule> first = CronCompiler.compile("n", parsed, paris, NOW).schedules();
        List<ServiceSchedule> later = CronCompiler.compile("n", parsed, paris, NOW.plusSeconds(9 * 86_400 + 77))
                .schedules();
        assertThat(later).extracting(ServiceSchedule::doNotRunUntil).doesNotContainAnyElementsOf(
                first.stream().map(ServiceSchedule::doNotRunUntil).toList());
        for (int i = 0; i < first.size(); i++) {
            assertThat(first.get(i).sameRuns(later.get(i))).as(first.get(i).id()).isTrue();
        }
    }
}
