/**
 * The immutable syntax tree of an autoscale formula: records in sealed hierarchies, built only by the parser's
 * AST builder and never changed by a later phase. Names are not resolved here; the checker does that.
 */
package io.batchform.autoscale.ast;
