package io.batchform.schedule;

/**
 * A cron expression that cannot be read or cannot be run exactly by the service: where in the expression (1-based
 * column, length in characters) and why, with the nearest expressible alternatives in the message. The caller maps
 * the column to the value's place in its file.
 */
public record CronProblem(int column, int length, String message) {
}
