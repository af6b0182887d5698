/**
 * Evaluation of checked formulas against a pool and its metric history, giving an
 * {@link io.batchform.autoscale.eval.AutoScaleRun} shaped like the service's. A formula is prepared once into a tree
 * of closures with variables in slots, then evaluated many times cheaply (the simulator's use).
 */
package io.batchform.autoscale.eval;
