/**
 * The autoscale simulator: a time-stepped model of a Batch pool (30-second samples, delayed metric history,
 * evaluations every interval through the evaluator, node allocation delays, low-priority preemption, deallocation
 * options, task slots and fill policy, a core quota), workloads from CSV traces or seeded YAML generators, reports,
 * and formula test files. See autoscale/SIMULATION.md for the model's decisions.
 */
package io.batchform.autoscale.sim;
