/** Turns a loaded spec into the engine's desired state: attributes named as in RESOURCES.md, ARM ids, dependencies. */
package io.batchform.spec.convert;
