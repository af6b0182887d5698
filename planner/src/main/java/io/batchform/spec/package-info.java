/**
 * The spec's model: typed records of what a spec declares ({@link io.batchform.spec.Spec}), and the map of where each
 * value is written ({@link io.batchform.spec.SourceMap}). Loading lives in {@code spec.load}, checks in
 * {@code spec.validate}.
 */
package io.batchform.spec;
