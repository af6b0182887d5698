package io.batchform.spec;

import io.batchform.address.Address;
import io.batchform.source.SourceSpan;
import io.batchform.spec.yaml.YNode.YScalar;
import io.batchform.spec.yaml.YNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where each resource and each of its values is written, kept beside the spec (never inside it, so spec values
 * compare without positions). Paths are dotted with list indexes in brackets: {@code startTask.resourceFiles[0].httpUrl}.
 */
public final class SourceMap {
    /** A value and the key it is written under. */
    public record Located(YScalar key, YNode value) {
    }

    private final Map<String, Located> entries = new HashMap<>();
    private final Map<String, YNode> sections = new HashMap<>();

    /** Records where a value of a resource is written (the loader calls this while binding). */
    public void put(Address address, String path, YScalar key, YNode value) {
        entries.put(address + "#" + path, new Located(key, value));
    }

    /** Keeps a top-level value that is not a resource ({@code failover:}) for the checks that read it as written. */
    public void putSection(String key, YNode value) {
        sections.put(key, value);
    }

    /** A top-level value that is not a resource, as written. */
    public Optional<YNode> section(String key) {
        return Optional.ofNullable(sections.get(key));
    }

    /** The value at a path ("" is the resource itself: its key in the spec and its map). */
    public Optional<Located> find(Address address, String path) {
        return Optional.ofNullable(entries.get(address + "#" + path));
    }

    /**
     * The position of the value at a path; for "" (or a path not written) the key of the resource (or of the nearest
     * enclosing value written).
     */
    public SourceSpan position(Address address, String path) {
        Located exact = entries.get(address + "#" + path);
        if (exact != null && !path.isEmpty() && exact.value() != null) {
            return exact.value().position();
        }
        return keyPosition(address, path);
    }

    /** The position of the key a value is written under (or of the resource's key). */
    public SourceSpan keyPosition(Address address, String path) {
        String current = path;
        while (true) {
            Located found = entries.get(address + "#" + current);
            if (found != null) {
                return found.key().position();
            }
            if (current.isEmpty()) {
                return SourceSpan.whole("<unknown>");
            }
            int cut = Math.max(current.lastIndexOf('.'), current.lastIndexOf('['));
            current = cut < 0 ? "" : current.substring(0, cut);
        }
    }
}
