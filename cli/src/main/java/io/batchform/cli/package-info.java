/**
 * The batchform command line: one small picocli class per command that binds options, picks the cloud and the state
 * store, calls one engine operation ({@code io.batchform.engine}) and hands the outcome to a view. Exit codes and
 * error printing are decided once, in {@link io.batchform.cli.Main}.
 */
package io.batchform.cli;
