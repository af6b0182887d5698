/**
 * The catalog of the autoscale language as the service defines it: service variables, time-interval constants and
 * node deallocation options. The checker, evaluator and simulator all read it; nothing here depends on syntax.
 */
package io.batchform.autoscale.lang;
