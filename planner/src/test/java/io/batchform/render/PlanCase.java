package io.batchform.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchform.address.Address;
import io.batchform.plan.DesiredResource;
import io.batchform.plan.InMemoryProviderAccess;
import io.batchform.plan.Plan;
import io.batchform.plan.Planner;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import io.batchform.state.State;
import io.batchform.state.StateJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * One golden plan case: a folder holding the planner's inputs ({@code desired.yaml}, {@code prior-state.json},
 * {@code live.json}) beside the expected outputs ({@code plan.txt}, {@code plan.json}). The formats are described in
 * {@code src/test/resources/golden/plan/README.md}.
 */
record PlanCase(Path directory, Plan plan, Provider provider) {
    static final Path ROOT = Path.of("src/test/resources/golden/plan");
    /** The lineage of a case without {@code prior-state.json}, so the JSON plan names no random id. */
    static final String LINEAGE = "LINEAGE";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> DESIRED_KEYS =
            Set.of("address", "id", "dependsOn", "protect", "ignoreChanges", "updateStrategy", "config");

    /** The names of the case folders, sorted. */
    static Stream<String> names() throws IOException {
        try (Stream<Path> children = Files.list(ROOT)) {
            return children.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    /** Reads the case {@code name} and plans it against the in-memory provider. */
    static PlanCase load(String name) {
        Path directory = ROOT.resolve(name);
        try {
            Map<Address, Map<String, Object>> live = live(directory.resolve("live.json"));
            Provider provider = new InMemoryProviderAccess().provider(live);
            Path priorFile = directory.resolve("prior-state.json");
            List<DesiredResource> desired = desired(directory.resolve("desired.yaml"));
            State prior;
            if (Files.exists(priorFile)) {
                prior = StateJson.state(Files.readAllBytes(priorFile), priorFile.toString());
            } else {
                // No recorded attributes: the live resources are the ones an apply started to create (the state's
                // intents), so the plan compares them with the spec and reports no drift.
                Map<Address, String> intents = new TreeMap<>();
                live.keySet().forEach(address -> intents.put(address, desired.stream()
                        .filter(d -> d.address().equals(address)).map(DesiredResource::id).findFirst()
                        .orElse("/" + address)));
                prior = new State(State.FORMAT_VERSION, 0, LINEAGE, null, List.of(), List.of(), intents);
            }
            Plan plan = Planner.plan(desired, prior, provider);
            return new PlanCase(directory, plan, provider);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read plan case " + directory, e);
        }
    }

    String human(Style style) {
        return new HumanPlanRenderer(style, a -> provider.schema().get(a.type())).render(plan);
    }

    String json() {
        return new JsonPlanRenderer(a -> provider.schema().get(a.type())).render(plan);
    }

    @SuppressWarnings("unchecked")
    private static Map<Address, Map<String, Object>> live(Path file) throws IOException {
        Map<Address, Map<String, Object>> live = new TreeMap<>();
        if (Files.exists(file)) {
            Map<String, Map<String, Object>> read = JSON.readValue(file.toFile(), Map.class);
            read.forEach((address, attributes) -> live.put(Address.parse(address), attributes));
        }
        return live;
    }

    @SuppressWarnings("unchecked")
    private static List<DesiredResource> desired(Path file) throws IOException {
        List<Map<String, Object>> entries = new Yaml().load(Files.readString(file));
        List<DesiredResource> desired = new ArrayList<>();
        for (Map<String, Object> entry : entries) {
            Set<String> unknown = new TreeSet<>(entry.keySet());
            unknown.removeAll(DESIRED_KEYS);
            if (!unknown.isEmpty() || !entry.containsKey("address") || !entry.containsKey("id")) {
                throw new IllegalArgumentException(file + ": an entry needs address and id and takes only "
                        + new TreeSet<>(DESIRED_KEYS) + "; got " + entry.keySet());
            }
            Set<Address> dependsOn = new TreeSet<>();
            ((List<String>) entry.getOrDefault("dependsOn", List.of())).forEach(d -> dependsOn.add(Address.parse(d)));
            desired.add(new DesiredResource(Address.parse((String) entry.get("address")), (String) entry.get("id"),
                    Attributes.of((Map<String, Object>) entry.getOrDefault("config", Map.of())), dependsOn,
                    (Boolean) entry.getOrDefault("protect", false),
                    Set.copyOf((List<String>) entry.getOrDefault("ignoreChanges", List.of())),
                    DesiredResource.UpdateStrategy.valueOf(
                            ((String) entry.getOrDefault("updateStrategy", "replace")).toUpperCase(Locale.ROOT))));
        }
        return desired;
    }
}
