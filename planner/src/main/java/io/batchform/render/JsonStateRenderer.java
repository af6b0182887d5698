package io.batchform.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.address.Address;
import io.batchform.provider.ResourceSchema;
import io.batchform.state.ResourceState;
import io.batchform.state.State;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A state as Terraform's JSON state representation (what {@code terraform show -json} writes without a plan file, and
 * a plan's {@code prior_state}): {@code format_version} 1.0, {@code terraform_version} (batchform's),
 * {@code values.root_module.resources[]} with the keys of a values representation and each resource's
 * {@code depends_on}. Secrets are left out of {@code values} and marked in {@code sensitive_values}.
 */
public final class JsonStateRenderer {
    /** The version of Terraform's JSON state format this follows. */
    public static final String FORMAT_VERSION = "1.0";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Function<Address, ResourceSchema> schemas;

    public JsonStateRenderer(Function<Address, ResourceSchema> schemas) {
        this.schemas = schemas;
    }

    /** The whole state. */
    public String render(State state, String version) {
        return JsonPlanRenderer.write(state(version, state.resources(), schemas));
    }

    /** One resource of the state, as an entry of {@code values.root_module.resources[]}. */
    public String render(ResourceState resource) {
        return JsonPlanRenderer.write(resource(resource.address(), resource.attributes().values(),
                schemas.apply(resource.address()), resource.dependencies()));
    }

    static ObjectNode state(String version, List<ResourceState> resources, Function<Address, ResourceSchema> schemas) {
        ObjectNode root = NODES.objectNode();
        root.put("format_version", FORMAT_VERSION);
        root.put("terraform_version", version);
        ArrayNode list = root.putObject("values").putObject("root_module").putArray("resources");
        resources.stream().sorted((a, b) -> a.address().compareTo(b.address())).forEach(r -> list.add(
                resource(r.address(), r.attributes().values(), schemas.apply(r.address()), r.dependencies())));
        return root;
    }

    /** A values representation's resource; {@code dependsOn} null leaves {@code depends_on} out (planned values). */
    static ObjectNode resource(Address address, Map<String, Object> values, ResourceSchema schema,
                               Set<Address> dependsOn) {
        ObjectNode node = JsonAddress.of(address).write(NODES.objectNode());
        node.put("provider_name", JsonPlanRenderer.PROVIDER);
        node.put("schema_version", 0);
        node.set("values", JsonValues.values(values, schema));
        node.set("sensitive_values", JsonValues.sensitive(values, schema));
        if (dependsOn != null && !dependsOn.isEmpty()) {
            ArrayNode depends = node.putArray("depends_on");
            dependsOn.stream().sorted().forEach(d -> depends.add(JsonAddress.of(d).address()));
        }
        return node;
    }
}
