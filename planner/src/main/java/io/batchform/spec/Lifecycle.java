package io.batchform.spec;

import java.util.List;

/**
 * What batchform does with a resource besides creating it: never delete or replace it ({@code protect}), leave some
 * attribute paths as they are ({@code ignoreChanges}), and wait for other resources ({@code dependsOn}, as addresses).
 */
public record Lifecycle(boolean protect, List<String> ignoreChanges, List<String> dependsOn) {
    public static final Lifecycle DEFAULT = new Lifecycle(false, List.of(), List.of());

    public Lifecycle {
        ignoreChanges = List.copyOf(ignoreChanges);
        dependsOn = List.copyOf(dependsOn);
    }
}
