/** The spec's shape, defined once: checked against the YAML by the loader and printed as a JSON Schema for editors. */
package io.batchform.spec.schema;
