/**
 * The Azure provider's handlers, one per resource type: each maps its type's attributes to and from the Azure SDK's
 * models and makes the SDK calls that read, create, update and delete it. Internal to {@code io.batchform.azure},
 * whose provider dispatches to them and turns Azure's failures into diagnostics.
 */
package io.batchform.azure.resource;
