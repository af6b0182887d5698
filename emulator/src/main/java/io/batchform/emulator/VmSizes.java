package io.batchform.emulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The VM size catalog (resource {@code vm-sizes.csv}, see SOURCES.md): size → quota family and vCPUs. */
final class VmSizes {
    /** One size; {@code current} when the catalog's newest source still lists it (older ones are retired sizes). */
    record Size(String name, String family, int vcpus, double memoryGib, boolean current) {
    }

    private final Map<String, Size> byName;

    private VmSizes(Map<String, Size> byName) {
        this.byName = byName;
    }

    static VmSizes load() {
        Map<String, Size> sizes = new TreeMap<>();
        try (InputStream in = VmSizes.class.getResourceAsStream("vm-sizes.csv");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            List<String> columns = List.of(header.split(","));
            int name = columns.indexOf("name");
            int family = columns.indexOf("family");
            int vcpus = columns.indexOf("vcpus");
            int memory = columns.indexOf("memory_gib");
            int current = columns.indexOf("current");
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] fields = line.split(",", -1);
                sizes.put(fields[name].toLowerCase(Locale.ROOT),
                        new Size(fields[name], fields[family], Integer.parseInt(fields[vcpus]),
                                Double.parseDouble(fields[memory]), "true".equals(fields[current])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the VM size catalog", e);
        }
        return new VmSizes(sizes);
    }

    /** A size by name, ignoring case ({@code STANDARD_D2S_V3} is {@code Standard_D2s_v3}). */
    Optional<Size> find(String name) {
        return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * The sizes Batch offers in a region unless the emulator is told otherwise: every size of the catalog but the
     * B-series, which is never in Batch's supported list (SOURCES.md). Retired sizes stay, as Microsoft's own examples
     * still use them (STANDARD_D4). The catalog has no per-region column, so every region offers the same list.
     */
    List<Size> offeredByDefault() {
        return byName.values().stream()
                .filter(s -> !s.family().toLowerCase(Locale.ROOT).matches("standardb.*family")).toList();
    }

    /** Every size, sorted by lower-case name. */
    java.util.Collection<Size> all() {
        return byName.values();
    }

    /** The quota families a new account lists in dedicatedCoreQuotaPerVMFamily: the families of current D/E/F/A sizes. */
    List<String> commonFamilies() {
        return byName.values().stream().map(Size::family)
                .filter(f -> f.matches("(?i)standard(D|E|F|A)[A-Za-z0-9]*Family")).distinct().sorted().toList();
    }
}
