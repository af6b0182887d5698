package io.batchform.source;

/**
 * Where a diagnostic points: a {@link SourceSpan} in a named source (a file, or an option with no line), or, above
 * this floor, a resource address (which cannot be named here: the planner's {@code Address} implements this). Its
 * {@code toString()} is the form printed in front of a message.
 */
public interface Location {
}
