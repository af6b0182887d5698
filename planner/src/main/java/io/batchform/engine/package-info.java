/**
 * The engine: the operations a front end runs (plan, apply, destroy, refresh-only, import, switchover and its drill),
 * each taking a request value and returning an outcome value (plan, quota report, diagnostics, resulting state).
 * Targeting, protection, the quota check, the stale-plan refusal and every state write live here; the command line
 * only binds options, picks the cloud and the state store, and draws outcomes.
 */
package io.batchform.engine;
