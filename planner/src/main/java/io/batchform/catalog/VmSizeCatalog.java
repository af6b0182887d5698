package io.batchform.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Azure VM sizes by name (compared case-insensitively): quota family, vCPUs and whether Spot/low-priority nodes are
 * possible. Read once from {@code vm-sizes.csv} (sources in {@code SOURCES.md} beside it).
 */
public final class VmSizeCatalog {
    /** One VM size. {@code lowPriorityCapable} is empty when the sources do not say. */
    public record VmSize(String name, String family, int vcpus, int vcpusAvailable, double memoryGib, int gpus,
                         Optional<Boolean> lowPriorityCapable, boolean batchListed, boolean current) {
    }

    private static final VmSizeCatalog DEFAULT = load();

    private final Map<String, VmSize> byName;

    private VmSizeCatalog(Map<String, VmSize> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** The catalog shipped with batchform. */
    public static VmSizeCatalog shipped() {
        return DEFAULT;
    }

    public Optional<VmSize> find(String name) {
        return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Every size name, spelt as Azure spells it. */
    public Collection<String> names() {
        return byName.values().stream().map(VmSize::name).toList();
    }

    public int size() {
        return byName.size();
    }

    private static VmSizeCatalog load() {
        try (InputStream in = VmSizeCatalog.class.getResourceAsStream("vm-sizes.csv")) {
            if (in == null) {
                throw new IllegalStateException("vm-sizes.csv is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String header = reader.readLine();
            if (header == null || !header.startsWith("name,family,vcpus,vcpus_available,memory_gib,gpus,arch,"
                    + "low_priority_capable,batch_listed,current")) {
                throw new IllegalStateException("vm-sizes.csv has an unexpected header: " + header);
            }
            Map<String, VmSize> sizes = new LinkedHashMap<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                Optional<Boolean> lowPriority = f[7].isEmpty() ? Optional.empty() : Optional.of(Boolean.parseBoolean(f[7]));
                VmSize size = new VmSize(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                        Double.parseDouble(f[4]), Integer.parseInt(f[5]), lowPriority, "true".equals(f[8]),
                        "true".equals(f[9]));
                sizes.put(f[0].toLowerCase(Locale.ROOT), size);
            }
            return new VmSizeCatalog(sizes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
