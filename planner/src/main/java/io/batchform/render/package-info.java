/** Draws plans for people (and, later, as JSON for tools). Renderers only format: every decision is in the plan. */
package io.batchform.render;
