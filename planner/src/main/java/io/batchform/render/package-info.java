/**
 * Draws plans and quota reports, for people (with colour only when asked) and as JSON for tools (plans in Terraform's
 * JSON plan shape). Renderers only format: every decision is already in the plan or the report.
 */
package io.batchform.render;
