/**
 * The spec: YAML files loaded into typed records ({@link io.batchform.spec.Spec}), with variables resolved and every
 * problem reported at its file, line and column before anything talks to a cloud ({@link io.batchform.spec.SpecLoader}).
 */
package io.batchform.spec;
