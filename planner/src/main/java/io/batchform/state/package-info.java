/**
 * What batchform knows it manages: the state (serial, lineage, resources with their attributes), stored atomically
 * with a backup of the previous version (and, while an apply runs, a {@link io.batchform.state.StateJournal} of the
 * changes recorded since the last whole write), behind a lock that says who holds it, for what, since when. Secrets
 * are replaced by salted hashes ({@link io.batchform.provider.Secrets}) before anything is written.
 */
package io.batchform.state;
