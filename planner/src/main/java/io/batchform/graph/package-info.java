/** The resource graph: dependency order, named cycles, and a walker that runs nodes with bounded parallelism. */
package io.batchform.graph;
