package io.batchform.state;

/**
 * An output's value as the last apply computed it ({@code batchform output NAME}): a string, a number, a boolean, a
 * list or a map, as the attribute it came from; and whether it is masked when shown.
 */
public record OutputValue(Object value, boolean sensitive) {
}
