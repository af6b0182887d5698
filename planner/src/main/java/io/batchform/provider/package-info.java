/**
 * The contract between the planner and a provider: request/response records with diagnostics inside, and a schema
 * saying, per resource type and attribute, what forces replacement, what the service computes, what is sensitive or
 * write-only, and how values are normalised so plans show no spurious diffs; {@code Secrets} hashes what the schema
 * marks sensitive before a state or a plan holds it. Providers never throw for expected cloud failures; they answer
 * diagnostics.
 */
package io.batchform.provider;
