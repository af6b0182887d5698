/**
 * The Azure Batch service rules batchform knows before the service does: retired features, node-agent end-of-life
 * dates, and which node agent runs which image, each with its source, so that {@code validate} and {@code plan}
 * refuse at the YAML position what {@code apply} would see fail.
 */
package io.batchform.spec.rules;
