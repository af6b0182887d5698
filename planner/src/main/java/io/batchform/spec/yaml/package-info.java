/**
 * YAML read defensively into values that remember where they were written, down to each character of a scalar, and
 * {@code ${var.NAME}}/{@code ${env.NAME}} interpolation. Knows nothing of specs.
 */
package io.batchform.spec.yaml;
