/**
 * Cron compiled to what the Batch service can run. A Batch job schedule fires at {@code doNotRunUntil + k ·
 * recurrenceInterval}, one active job at a time; a five-field crontab ({@link Cron}) names a set of wall-clock
 * minutes in a time zone that repeats every day (day of week {@code *}) or every week. {@link CronCompiler} splits
 * that set into the fewest arithmetic progressions whose interval divides the period, each one
 * {@link ServiceSchedule}, and refuses what no such split expresses exactly (days of the month, months, uneven
 * steps, too many schedules) with the nearest expressible alternatives. The UTC grid holds until the zone's next
 * offset change that moves a fire time ({@link ZoneChange}); {@link ServiceRuns} replays what the service fires.
 */
package io.batchform.schedule;
