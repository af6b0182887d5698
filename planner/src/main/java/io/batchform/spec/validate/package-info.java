/** Semantic checks of a loaded spec: names, references, networks, durations, VM sizes, formulas and retirements. */
package io.batchform.spec.validate;
