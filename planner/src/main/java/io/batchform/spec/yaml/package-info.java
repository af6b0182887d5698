/**
 * YAML read defensively into values that remember where they were written, down to each character of a scalar, and
 * {@code ${var.NAME}}/{@code ${env.NAME}} interpolation. It knows no spec keys, but reports in the spec's terms: its
 * {@code Position}, {@code SpecDiagnostic} and {@code DidYouMean}.
 */
package io.batchform.spec.yaml;
