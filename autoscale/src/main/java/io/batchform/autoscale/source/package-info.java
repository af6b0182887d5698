/** Formula source text, positions in it, and the one diagnostic type every phase of the formula pipeline reports. */
package io.batchform.autoscale.source;
