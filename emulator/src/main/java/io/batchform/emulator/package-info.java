/**
 * A local Azure Resource Manager emulator: HTTPS on loopback with a certificate made at start, speaking the ARM REST
 * API for the resource types batchform manages, with Azure's status codes, long-running-operation styles, error
 * bodies, defaults, quotas and fault injection; and, at each Batch account's {@code accountEndpoint}
 * ({@code 127.0.0.1:PORT/batchaccounts/<name>.<region>}), the Batch data plane for job schedules and their jobs
 * ({@code BatchDataPlane}). The Azure provider's wire-level test bed and the embedded default.
 */
package io.batchform.emulator;
