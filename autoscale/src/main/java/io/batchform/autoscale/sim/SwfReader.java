package io.batchform.autoscale.sim;

import io.batchform.autoscale.lang.InputLimits;
import io.batchform.source.Diagnostic;
import io.batchform.source.Source;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A trace in the Standard Workload Format of the Parallel Workloads Archive (the NASA iPSC/860 log and the others):
 * comment lines start with {@code ;} (the header's {@code UnixStartTime: SECONDS} names the start), then one job a
 * line, 18 whitespace-separated numbers, -1 where unknown. A job becomes one task: submitted at field 2 (seconds from
 * the log's start), running for its run time (field 4; the requested time, field 9, when that is unknown), on as
 * many slots as it had processors (field 5; the requested ones, field 8, when unknown; else 1). A job wider than a
 * node's slots can never run (the simulator reports it); reading jobs as multi-instance tasks instead is not offered
 * yet. Jobs with neither time are left out, with one warning that counts them.
 */
final class SwfReader {
    private static final int FIELDS = 18;

    private SwfReader() {
    }

    static WorkloadReader.Result read(Source source) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        WorkloadReader.Builder out = new WorkloadReader.Builder();
        Optional<Instant> start = Optional.empty();
        long skipped = 0;
        int jobs = 0;
        String text = source.text();
        int offset = 0;
        while (offset <= text.length()) {
            int end = text.indexOf('\n', offset);
            if (end < 0) {
                end = text.length();
            }
            int lineStart = offset;
            if (end - offset > InputLimits.MAX_LINE) {
                diagnostics.add(Diagnostic.error(WorkloadReader.CSV, "a line is longer than " + InputLimits.MAX_LINE
                        + " characters; an SWF line holds 18 numbers", source.span(lineStart + InputLimits.MAX_LINE,
                        lineStart + InputLimits.MAX_LINE + 1)));
                break;
            }
            String line = text.substring(offset, end).strip();
            offset = end + 1;
            if (jobs >= InputLimits.MAX_SUBMISSIONS && !line.isEmpty() && !line.startsWith(";")) {
                diagnostics.add(Diagnostic.error(WorkloadReader.CSV, "more than " + InputLimits.MAX_SUBMISSIONS
                        + " jobs", source.span(lineStart, end)));
                break;
            }
            if (line.startsWith(";")) {
                String comment = line.substring(1).strip();
                if (comment.startsWith("UnixStartTime:")) {
                    try {
                        start = Optional.of(Instant.ofEpochSecond(Long.parseLong(comment.substring(14).strip())));
                    } catch (NumberFormatException e) {
                        diagnostics.add(Diagnostic.error(WorkloadReader.CSV, "UnixStartTime: '"
                                + comment.substring(14).strip() + "' is not whole seconds since 1970",
                                source.span(lineStart, end)));
                    }
                }
                continue;
            }
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\\s+");
            double[] f = new double[FIELDS];
            boolean bad = fields.length != FIELDS;
            for (int i = 0; !bad && i < FIELDS; i++) {
                try {
                    f[i] = Double.parseDouble(fields[i]);
                } catch (NumberFormatException e) {
                    bad = true;
                }
            }
            if (bad) {
                diagnostics.add(Diagnostic.error(WorkloadReader.CSV, "an SWF job line has 18 numbers (-1 where "
                        + "unknown); got '" + (line.length() > 60 ? line.substring(0, 60) + "..." : line) + "'",
                        source.span(lineStart, end)));
                continue;
            }
            double submit = f[1];
            double runTime = f[3] >= 0 ? f[3] : f[8];
            if (submit < 0 || runTime < 0) {
                skipped++;
                continue;
            }
            int processors = f[4] > 0 ? (int) f[4] : f[7] > 0 ? (int) f[7] : 1;
            out.add(submit, runTime, 1, processors);
            jobs++;
        }
        if (skipped > 0) {
            diagnostics.add(Diagnostic.warning(WorkloadReader.CSV, skipped + " job" + (skipped == 1 ? " has" : "s have")
                    + " no submit time or no run time and " + (skipped == 1 ? "is" : "are") + " left out",
                    source.span(0, 0)));
        }
        if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
            return new WorkloadReader.Result(Optional.empty(), diagnostics);
        }
        return new WorkloadReader.Result(Optional.of(new WorkloadReader.Trace(out.build(start))), diagnostics);
    }
}
