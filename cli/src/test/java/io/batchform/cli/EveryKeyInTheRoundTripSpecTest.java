package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.spec.schema.Shape;
import io.batchform.spec.schema.SpecSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Walks every key the spec's schema accepts and checks that the specs the end-to-end round trips apply
 * ({@code every-pool-property.yaml} through {@link PoolPropertiesEndToEndTest}: applied through the real SDK to the
 * emulator, refreshed, and planned again with no changes, every request and answer checked against Microsoft's
 * published API by the emulator's contract observer) set it, so every key is proved to reach Azure as the API
 * documents it and come back. The keys left out are listed with the reason and where else they are proved.
 */
class EveryKeyInTheRoundTripSpecTest {
    private static final List<Path> ROUND_TRIPS = List.of(
            Path.of("src", "test", "resources", "specs", "every-pool-property.yaml"),
            Path.of("src", "test", "resources", "specs", "every-pool-property-alternatives.yaml"));

    /** batchform's own keys on every resource: how it plans and orders, never sent to Azure (LifecycleTest, ...). */
    private static final List<String> LIFECYCLE = List.of("dependsOn", "protect", "ignoreChanges");

    /** Keys no round-trip spec sets, and why. */
    private static final Map<String, String> LEFT_OUT = new TreeMap<>(Map.ofEntries(
            Map.entry("subscription", "names the target, not a resource setting (TargetingTest, the emulator tests)"),
            Map.entry("failover", "a multi-region expansion, proved by the failover end-to-end tests"),
            Map.entry("moved", "re-keys a resource in the state and sends nothing to Azure (IdentityEndToEndTest, "
                    + "OperationsTest, IdentityFuzzTest)"),
            Map.entry("jobSchedules.*.simulation", "what a run submits, for simulate --schedules; never sent to Azure "
                    + "(SimulateSchedulesTest)"),
            Map.entry("outputs", "computed from the state after apply and never sent to Azure (OutputsEndToEndTest)"),
            Map.entry("certificates", "retired: refused at validate and plan (ValidationTableTest)"),
            Map.entry("pools.*.certificates", "retired: refused at validate and plan (ValidationTableTest)"),
            Map.entry("pools.*.maxNodes", "read by the quota check only; never sent to Azure"),
            Map.entry("pools.*.updateStrategy", "how batchform plans a change; never sent to Azure"),
            Map.entry("pools.*.autoScale.formulaFile", "read into autoScale.formula by the loader (LoaderTest)"),
            Map.entry("pools.*.targetLowPriorityNodes", "retired in Batch-service accounts (a warning)"),
            Map.entry("pools.*.fixedScale.targetLowPriorityNodes", "retired in Batch-service accounts (a warning)"),
            Map.entry("batchAccounts.*.identity.userAssignedIdentities", "needs a managed identity resource the spec "
                    + "cannot declare"),
            Map.entry("pools.*.publicIPAddressConfiguration.ipAddressIds", "UserManaged public IPs need public IP "
                    + "resources the spec cannot declare")));

    @Test
    void theRoundTripSpecsSetEveryKeyTheSchemaAccepts() throws IOException {
        Set<String> accepted = new TreeSet<>();
        keys(SpecSchema.ROOT, "", accepted);
        Set<String> set = new TreeSet<>();
        for (Path spec : ROUND_TRIPS) {
            Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(spec));
            present(SpecSchema.ROOT, tree, "", set);
        }
        Set<String> missing = new TreeSet<>(accepted);
        missing.removeAll(set);
        missing.removeIf(key -> LEFT_OUT.keySet().stream().anyMatch(out -> key.equals(out) || key.startsWith(out + "."))
                || LIFECYCLE.stream().anyMatch(word -> key.endsWith("." + word)));
        assertThat(missing).as("keys the schema accepts that no round-trip spec sets (add them to a round-trip "
                + "spec, or to LEFT_OUT with the reason)").isEmpty();
        assertThat(accepted).as("every key left out is one the schema accepts").containsAll(LEFT_OUT.keySet().stream()
                .filter(k -> !k.equals("pools.*.targetLowPriorityNodes")).toList());
    }

    /** Every key path the shape accepts: maps chosen by the user as {@code *}, list items under the list's path. */
    private static void keys(Shape shape, String path, Set<String> out) {
        if (shape instanceof Shape.Obj obj) {
            for (Shape.Field field : obj.fields()) {
                if (field.shape() instanceof Shape.Retired) {
                    continue;
                }
                String key = join(path, field.name());
                out.add(key);
                keys(field.shape(), key, out);
            }
        } else if (shape instanceof Shape.Dict dict) {
            keys(dict.values(), join(path, "*"), out);
        } else if (shape instanceof Shape.ListOf list) {
            keys(list.items(), path, out);
        } else if (shape instanceof Shape.StrOrObj either) {
            keys(either.object(), path, out);
        }
    }

    /** The key paths a YAML tree sets, read with the shape that accepts it. */
    private static void present(Shape shape, Object value, String path, Set<String> out) {
        if (shape instanceof Shape.Obj obj && value instanceof Map<?, ?> map) {
            for (Shape.Field field : obj.fields()) {
                if (map.containsKey(field.name())) {
                    String key = join(path, field.name());
                    out.add(key);
                    present(field.shape(), map.get(field.name()), key, out);
                }
            }
        } else if (shape instanceof Shape.Dict dict && value instanceof Map<?, ?> map) {
            map.values().forEach(v -> present(dict.values(), v, join(path, "*"), out));
        } else if (shape instanceof Shape.ListOf list && value instanceof List<?> items) {
            items.forEach(item -> present(list.items(), item, path, out));
        } else if (shape instanceof Shape.StrOrObj either) {
            present(either.object(), value, path, out);
        }
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
