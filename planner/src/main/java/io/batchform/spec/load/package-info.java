/**
 * Loading a spec: reads the files, interpolates variables, checks the shape against the schema, binds the YAML to the
 * spec's records with a map of where each value is written, and runs the validator; {@link
 * io.batchform.spec.load.SpecLoader#load} is the entry point.
 */
package io.batchform.spec.load;
