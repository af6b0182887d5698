package io.batchform.provider;

import io.batchform.address.ResourceType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schema of one resource type. An attribute path not listed takes the schema of its nearest listed ancestor
 * ({@code startTask.commandLine} under {@code startTask}); a path with no listed ancestor is updatable.
 */
public record ResourceSchema(ResourceType type, List<AttributeSchema> attributes) {
    public ResourceSchema {
        attributes = List.copyOf(attributes);
    }

    public AttributeSchema lookup(String path) {
        Map<String, AttributeSchema> byPath = new LinkedHashMap<>();
        attributes.forEach(a -> byPath.put(a.path(), a));
        String current = path;
        while (true) {
            AttributeSchema found = byPath.get(current);
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
}
