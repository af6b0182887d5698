/**
 * The ground floor of batchform: named source text and the one rule for its lines and columns, the one
 * {@link io.batchform.source.Diagnostic} every phase reports and the one formatter that prints it, and the small
 * values every floor shares (suggestions, durations, regions).
 */
package io.batchform.source;
