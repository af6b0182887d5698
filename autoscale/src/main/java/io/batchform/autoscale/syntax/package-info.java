/**
 * Turns formula text into the AST. Only {@link io.batchform.autoscale.syntax.FormulaParser} is public; the
 * ANTLR-generated parser and the package-private AST builder never leak parse trees out of this package.
 */
package io.batchform.autoscale.syntax;
