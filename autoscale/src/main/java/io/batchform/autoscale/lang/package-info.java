/**
 * The autoscale language as the service defines it: service variables, built-in functions, sample methods, timestamp
 * members, time-interval constants and deallocation options, with the service's number and time formats and name
 * suggestions. The checker, evaluator and simulator all read it; nothing here depends on syntax.
 */
package io.batchform.autoscale.lang;
