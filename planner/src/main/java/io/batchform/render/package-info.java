/**
 * Draws plans and quota reports, for people (with colour only when asked) and as JSON for tools (plans in Terraform's
 * JSON plan format, and states in its JSON state format: see docs/json-plan.md). Renderers only format: every decision is already in the plan or the report.
 */
package io.batchform.render;
