package io.batchform.provider;

/** How two values of an attribute are compared, so equivalent spellings never show as a diff. */
public enum Normalization {
    EXACT,
    /** {@code STANDARD_D2S_V3} equals {@code Standard_D2s_v3}; ARM ids and regions too. */
    CASE_INSENSITIVE,
    /** A list whose order does not matter. */
    UNORDERED,
    /** ISO 8601 durations: {@code PT15M} equals {@code PT900S}. */
    DURATION,
    /** A region: {@code West Europe} equals {@code westeurope}. */
    REGION,
    /**
     * A job schedule's compiled service schedules ({@code io.batchform.schedule.ServiceSchedule} maps): entries match
     * by id, interval, window and end, and two {@code doNotRunUntil} a whole number of intervals apart are equal, so
     * a plan made later on the same grid is clean.
     */
    SCHEDULES
}
