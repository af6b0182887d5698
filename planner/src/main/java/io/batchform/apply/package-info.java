/**
 * Carries out a plan: resources in dependency order (deletes in reverse), with bounded parallelism, the state written
 * after every resource change, dependents of a failure skipped, and the resulting state always returned.
 */
package io.batchform.apply;
