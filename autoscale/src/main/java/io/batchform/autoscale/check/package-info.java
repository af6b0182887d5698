/**
 * Name resolution and type checking of a parsed formula against the documented operation table, with the warnings a
 * careful reviewer gives. The result, {@link io.batchform.autoscale.check.CheckedFormula}, keeps types and
 * resolutions in side tables; the AST is never changed.
 */
package io.batchform.autoscale.check;
