/**
 * A local Azure Resource Manager emulator: HTTPS on loopback with a certificate made at start, speaking the ARM REST
 * API for the resource types batchform manages, with Azure's status codes, long-running-operation styles, error
 * bodies, defaults, quotas and fault injection. The Azure provider's wire-level test bed and the embedded default.
 */
package io.batchform.emulator;
