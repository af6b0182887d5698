/**
 * Quotas at plan time: what the spec's pools can demand at their largest (cores by VM family and priority, pools)
 * against each Batch account's quota, and Batch accounts per region against the subscription's limit, with the
 * increase to request where one is short.
 */
package io.batchform.quota;
