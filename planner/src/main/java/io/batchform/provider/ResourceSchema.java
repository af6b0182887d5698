package io.batchform.provider;

import io.batchform.address.ResourceType;
import java.util.List;

/**
 * The schema of one resource type. An attribute path not listed takes the schema of its nearest listed ancestor
 * ({@code startTask.commandLine} under {@code startTask}); a path with no listed ancestor is updatable.
 */
public record ResourceSchema(ResourceType type, List<AttributeSchema> attributes) {
    public ResourceSchema {
        attributes = List.copyOf(attributes);
    }

    public AttributeSchema lookup(String path) {
        String current = path;
        while (true) {
            AttributeSchema found = find(current);
            if (found != null) {
                return found;
            }
            int dot = current.lastIndexOf('.');
            if (dot < 0) {
                return AttributeSchema.updatable(path);
            }
            current = current.substring(0, dot);
        }
    }

    /**
     * Whether the value at {@code path} is, or holds, a write-only attribute ({@code ""} asks about the whole
     * resource): {@code userAccounts} holds {@code userAccounts.password}.
     */
    public boolean holdsWriteOnly(String path) {
        if (lookup(path).writeOnly()) {
            return true;
        }
        String prefix = path.isEmpty() ? "" : path + ".";
        for (AttributeSchema attribute : attributes) {
            if (attribute.writeOnly() && attribute.path().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** A schema lists a few dozen attributes at most: a scan beats building a map per lookup. */
    private AttributeSchema find(String path) {
        for (AttributeSchema attribute : attributes) {
            if (attribute.path().equals(path)) {
                return attribute;
            }
        }
        return null;
    }
}
