package io.batchform.provider;

/** How an attribute may change on an existing resource. */
public enum Mutability {
    /** Changed in place. */
    UPDATABLE,
    /** A change forces replacement (delete, then create). */
    REPLACE,
    /** Changed in place only while a pool has no nodes (api-version 2024-07-01); otherwise replace or drain. */
    EMPTY_POOL,
    /** Set by the service; never compared with the spec. */
    COMPUTED
}
