package io.batchform.provider;

import java.util.Objects;

/**
 * What the planner must know about one attribute path: how it may change, whether it is sensitive (never printed or
 * stored in clear) or write-only (the service never returns it, so it is compared with prior state), how values
 * are compared, and the service's default (an absent value equals it).
 */
public record AttributeSchema(String path, Mutability mutability, boolean sensitive, boolean writeOnly,
                              Normalization normalization, Object serviceDefault) {
    public AttributeSchema {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(mutability, "mutability");
        Objects.requireNonNull(normalization, "normalization");
    }

    public static AttributeSchema updatable(String path) {
        return new AttributeSchema(path, Mutability.UPDATABLE, false, false, Normalization.EXACT, null);
    }

    public static AttributeSchema replace(String path) {
        return new AttributeSchema(path, Mutability.REPLACE, false, false, Normalization.EXACT, null);
    }

    public static AttributeSchema emptyPool(String path) {
        return new AttributeSchema(path, Mutability.EMPTY_POOL, false, false, Normalization.EXACT, null);
    }

    public static AttributeSchema computed(String path) {
        return new AttributeSchema(path, Mutability.COMPUTED, false, false, Normalization.EXACT, null);
    }

    public AttributeSchema normalized(Normalization value) {
        return new AttributeSchema(path, mutability, sensitive, writeOnly, value, serviceDefault);
    }

    public AttributeSchema asSensitive() {
        return new AttributeSchema(path, mutability, true, writeOnly, normalization, serviceDefault);
    }

    public AttributeSchema asWriteOnly() {
        return new AttributeSchema(path, mutability, sensitive, true, normalization, serviceDefault);
    }

    public AttributeSchema defaultsTo(Object value) {
        return new AttributeSchema(path, mutability, sensitive, writeOnly, normalization, value);
    }
}
