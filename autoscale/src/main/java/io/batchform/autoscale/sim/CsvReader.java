package io.batchform.autoscale.sim;

import io.batchform.autoscale.lang.InputLimits;
import io.batchform.autoscale.lang.TimeFormats;
import io.batchform.source.Diagnostic;
import io.batchform.source.Durations;
import io.batchform.source.Source;
import io.batchform.source.SourceSpan;
import io.batchform.source.Suggestions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A CSV trace: a header naming its columns ({@code time,duration} and optionally {@code count}, {@code slots}, the
 * requiredSlots of each task, and {@code nodes}, a multi-instance task's instances), then one submission a line; times
 * in seconds from the start or ISO-8601 instants (the first is the start), durations in seconds or as 90s, 5m, 2h;
 * blank lines and lines starting with {@code #} are skipped. Problems are S005 diagnostics at their cell.
 */
final class CsvReader {
    private CsvReader() {
    }

    static WorkloadReader.Result read(Source source) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        String[] lines = source.text().split("\n", -1);
        int offset = 0;
        WorkloadReader.Builder out = new WorkloadReader.Builder();
        Instant first = null;
        List<Object[]> rows = new ArrayList<>(); // time as Double or Instant, with line offset
        int[] columns = null;
        for (int number = 0; number < lines.length; number++) {
            String line = lines[number].endsWith("\r") ? lines[number].substring(0, lines[number].length() - 1) : lines[number];
            int lineStart = offset;
            offset += lines[number].length() + 1;
            if (line.length() > InputLimits.MAX_LINE) {
                diagnostics.add(Diagnostic.error(WorkloadReader.CSV, "line " + (number + 1) + " is longer than "
                        + InputLimits.MAX_LINE + " characters; a trace line holds a few values",
                        source.span(lineStart + InputLimits.MAX_LINE, lineStart + InputLimits.MAX_LINE + 1)));
                break;
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (rows.size() >= InputLimits.MAX_SUBMISSIONS) {
                diagnostics.add(Diagnostic.error(WorkloadReader.CSV, "more than " + InputLimits.MAX_SUBMISSIONS
                        + " submissions; use a count column for tasks submitted together",
                        source.span(lineStart, lineStart + line.length())));
                break;
            }
            String[] cells = line.split(",", -1);
            if (columns == null) {
                columns = header(source, cells, lineStart, line, diagnostics);
                if (columns == null) {
                    break;
                }
                continue;
            }
            int[] cellStarts = new int[cells.length];
            for (int i = 1; i < cells.length; i++) {
                cellStarts[i] = cellStarts[i - 1] + cells[i - 1].length() + 1;
            }
            java.util.function.IntFunction<SourceSpan> spanOf = i -> source.span(lineStart + cellStarts[i],
                    lineStart + cellStarts[i] + cells[i].length());
            if (cells.length > 5 || cells.length < 2) {
                diagnostics.add(Diagnostic.error(WorkloadReader.CSV, "expected time,duration[,count[,slots[,nodes]]], got " + cells.length
                        + " values",
                        source.span(lineStart, lineStart + line.length())));
                continue;
            }
            String time = cell(cells, columns[0]);
            Object when;
            if (time.matches("\\d+(\\.\\d+)?")) {
                when = Double.parseDouble(time);
            } else {
                Optional<Instant> instant = TimeFormats.parse(time);
                if (instant.isPresent()) {
                    when = instant.get();
                    first = first == null || instant.get().isBefore(first) ? instant.get() : first;
                } else {
                    diagnostics.add(Diagnostic.error(WorkloadReader.CSV, "time: '" + time + "' is neither seconds from the start nor an "
                            + "ISO-8601 instant such as 2025-01-06T09:00:00Z", spanOf.apply(columns[0])));
                    continue;
                }
            }
            java.util.OptionalDouble duration = Durations.seconds(cell(cells, columns[1]));
            if (duration.isEmpty()) {
                diagnostics.add(Diagnostic.error(WorkloadReader.CSV, "duration: '" + cell(cells, columns[1]) + "' is not a duration in "
                        + "seconds (or 90s, 5m, 2h)", spanOf.apply(columns[1])));
                continue;
            }
            int count = 1;
            if (columns[2] >= 0 && columns[2] < cells.length && !cells[columns[2]].isBlank()) {
                try {
                    count = Integer.parseInt(cells[columns[2]].trim());
                    if (count > InputLimits.MAX_COUNT) {
                        diagnostics.add(Diagnostic.error(WorkloadReader.CSV, "count: " + count + " tasks on one line; "
                                + "at most " + InputLimits.MAX_COUNT, spanOf.apply(columns[2])));
                        continue;
                    }
                    if (count < 0) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    diagnostics.add(Diagnostic.error(WorkloadReader.CSV, "count: '" + cells[columns[2]].trim() + "' is not a whole number "
                            + "of tasks", spanOf.apply(columns[2])));
                    continue;
                }
            }
            int slots = 1;
            if (columns[3] >= 0 && columns[3] < cells.length && !cells[columns[3]].isBlank()) {
                try {
                    slots = Integer.parseInt(cells[columns[3]].trim());
                    if (slots < 1) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    diagnostics.add(Diagnostic.error(WorkloadReader.CSV, "slots: '" + cells[columns[3]].trim() + "' is not a whole "
                            + "number of task slots (1 or more: the task's requiredSlots)", spanOf.apply(columns[3])));
                    continue;
                }
            }
            int nodes = 1;
            if (columns[4] >= 0 && columns[4] < cells.length && !cells[columns[4]].isBlank()) {
                try {
                    nodes = Integer.parseInt(cells[columns[4]].trim());
                    if (nodes < 1) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    diagnostics.add(Diagnostic.error(WorkloadReader.CSV, "nodes: '" + cells[columns[4]].trim() + "' is not a whole "
                            + "number of nodes (1 or more: a multi-instance task's instances)", spanOf.apply(columns[4])));
                    continue;
                }
                if (nodes > 1 && slots > 1) {
                    diagnostics.add(Diagnostic.error(WorkloadReader.CSV, "a multi-instance task takes 1 slot on each of its nodes: "
                            + "slots must be 1 when nodes is " + nodes, spanOf.apply(columns[3])));
                    continue;
                }
            }
            rows.add(new Object[] {when, duration.getAsDouble(), count, lineStart, line.length(), slots, nodes});
        }
        if (columns == null && diagnostics.isEmpty()) {
            diagnostics.add(Diagnostic.error(WorkloadReader.CSV, "the trace is empty: expected the header time,duration,count",
                    source.start()));
        }
        for (Object[] row : rows) {
            double seconds;
            if (row[0] instanceof Instant instant) {
                seconds = (instant.toEpochMilli() - first.toEpochMilli()) / 1000.0;
            } else {
                seconds = (Double) row[0];
                if (first != null) {
                    diagnostics.add(Diagnostic.error(WorkloadReader.CSV, "time: mixes seconds and ISO-8601 instants; use one kind",
                            source.span((Integer) row[3], (Integer) row[3] + (Integer) row[4])));
                    break;
                }
            }
            out.add(seconds, (Double) row[1], (Integer) row[2], (Integer) row[5], (Integer) row[6]);
        }
        if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
            return new WorkloadReader.Result(Optional.empty(), diagnostics);
        }
        return new WorkloadReader.Result(Optional.of(new WorkloadReader.Trace(out.build(Optional.ofNullable(first)))), diagnostics);
    }

    private static String cell(String[] cells, int index) {
        return index < cells.length ? cells[index].trim() : "";
    }

    /** Column indexes of time, duration, count, slots, nodes (-1 when absent). */
    private static int[] header(Source source, String[] cells, int lineStart, String line, List<Diagnostic> diagnostics) {
        int[] columns = {-1, -1, -1, -1, -1};
        List<String> names = List.of("time", "duration", "count", "slots", "nodes");
        for (int i = 0; i < cells.length; i++) {
            int index = names.indexOf(cells[i].trim());
            if (index < 0) {
                diagnostics.add(Diagnostic.error(WorkloadReader.CSV, "the header must be time,duration,count,slots,nodes "
                        + "(the last three optional); unknown column '" + cells[i].trim() + "'"
                        + Suggestions.didYouMean(cells[i].trim(), names), source.span(lineStart, lineStart + line.length())));
                return null;
            }
            columns[index] = i;
        }
        if (columns[0] < 0 || columns[1] < 0) {
            diagnostics.add(Diagnostic.error(WorkloadReader.CSV, "the header must name time and duration (count optional)",
                    source.span(lineStart, lineStart + line.length())));
            return null;
        }
        return columns;
    }
}
