/**
 * The Azure provider's handlers, one per resource type: each maps its type's attributes to and from what Azure
 * takes (the typed SDK's models; for pools and Batch accounts, JSON at 2025-06-01 sent through the SDK's pipeline by
 * {@code ArmJson}; for job schedules, JSON at the Batch data plane's 2025-06-01 sent through an SDK pipeline by
 * {@code BatchServiceJson}) and makes the calls that read, create, update and delete it. Internal to
 * {@code io.batchform.azure}, whose provider dispatches to them and turns Azure's failures into diagnostics.
 */
package io.batchform.azure.resource;
