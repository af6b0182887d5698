/**
 * What a plan is made of: actions (with Terraform's symbols), attribute-level changes, the plan's mode and
 * dependency graph, and the differ that computes changes from desired, live and prior attributes under a provider's
 * schema. Computing is kept apart from drawing.
 */
package io.batchform.plan;
