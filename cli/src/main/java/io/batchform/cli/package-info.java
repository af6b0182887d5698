/**
 * The batchform command line: one small picocli class per command that binds options, calls one service and hands
 * the result to a view. Exit codes and error printing are decided once, in {@link io.batchform.cli.Main}.
 */
package io.batchform.cli;
