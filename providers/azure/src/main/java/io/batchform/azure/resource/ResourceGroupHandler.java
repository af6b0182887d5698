package io.batchform.azure.resource;

import com.azure.resourcemanager.resources.fluent.models.ResourceGroupInner;
import io.batchform.address.ResourceType;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import io.batchform.source.Region;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Resource groups, through the fluent resources manager: read one by one (there is no list per parent). */
final class ResourceGroupHandler implements ResourceHandler {
    private final AzureClients azure;

    ResourceGroupHandler(AzureClients azure) {
        this.azure = azure;
    }

    @Override
    public String batchKey(String id) {
        return ArmId.parse(id).groupKey("resourceGroups");
    }

    @Override
    public void read(String id, Set<ResourceType> types, Map<String, Attributes> found) {
        ResourceGroupInner group = azure.resources().resourceGroups().getByName(ArmId.parse(id).resourceGroup())
                .innerModel();
        if (group != null) {
            found.put(group.id(), attributes(group));
        }
    }

    @Override
    public Attributes create(Provider.CreateRequest request) {
        Attributes desired = request.desired();
        return attributes(azure.resources().resourceGroups().define(ArmId.parse(request.id()).resourceGroup())
                .withRegion(desired.string("location")).withTags(Values.tags(desired)).create().innerModel());
    }

    @Override
    public Attributes update(Provider.UpdateRequest request) {
        return attributes(azure.resources().resourceGroups().getByName(ArmId.parse(request.id()).resourceGroup())
                .update().withTags(Values.tags(request.desired())).apply().innerModel());
    }

    @Override
    public void delete(Provider.DeleteRequest request) {
        azure.resources().resourceGroups().deleteByName(ArmId.parse(request.id()).resourceGroup());
    }

    private static Attributes attributes(ResourceGroupInner group) {
        Map<String, Object> a = new TreeMap<>();
        a.put("id", group.id());
        a.put("name", group.name());
        a.put("location", Region.canonical(group.location()));
        a.put("tags", Values.tags(group.tags()));
        return Attributes.of(a);
    }
}
