/**
 * YAML read defensively into values that remember where they were written, down to each character of a scalar, and
 * {@code ${var.NAME}}/{@code ${env.NAME}} interpolation. It knows no spec keys, but reports in the spec's terms: its
 * {@code SourceSpan}, {@code Diagnostic} and {@code Suggestions}.
 */
package io.batchform.spec.yaml;
