/**
 * Rewrites of a spec for features Azure retired: what to paste in place of what the service now refuses (Batch
 * account certificates become a user-assigned identity and the Key Vault VM extension).
 */
package io.batchform.spec.migrate;
