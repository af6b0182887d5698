package io.batchform.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.emulator.ArmHandler.Request;
import io.batchform.emulator.ArmHandler.Response;
import java.util.List;
import java.util.Map;

/**
 * {@code Microsoft.Batch}: routes a request under a resource group to the Batch accounts ({@link AccountResources}),
 * their applications and package versions ({@link ApplicationResources}) or pools ({@link PoolResources}); lists
 * keys; answers certificates, which Azure retired, with the service's error.
 */
final class BatchResources {
    static final String ACCOUNT = "Microsoft.Batch/batchAccounts";
    static final String POOL = "Microsoft.Batch/batchAccounts/pools";
    static final String APPLICATION = "Microsoft.Batch/batchAccounts/applications";
    static final String VERSION = "Microsoft.Batch/batchAccounts/applications/versions";
    private static final String CERTIFICATE = "Microsoft.Batch/batchAccounts/certificates";

    private final ArmHandler arm;
    private final ResourceStore store;
    private final AccountResources accounts;
    private final ApplicationResources applications;
    private final PoolAllocation allocation;
    private final PoolResources pools;
    private final ApiShapes shapes = ApiShapes.load();
    private final VmSizes vmSizes;
    private final ArmEmulator.Settings settings;
    private final java.util.Set<String> defaultOffered;

    BatchResources(ArmHandler arm, ResourceStore store, ArmEmulator.Settings settings) {
        this.arm = arm;
        this.store = store;
        this.settings = settings;
        VmSizes vmSizes = VmSizes.load();
        this.vmSizes = vmSizes;
        this.defaultOffered = vmSizes.offeredByDefault().stream().map(v -> v.name().toLowerCase(java.util.Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.accounts = new AccountResources(arm, store, settings, vmSizes);
        this.applications = new ApplicationResources(arm, store, settings);
        this.allocation = new PoolAllocation(store, settings, vmSizes);
        this.pools = new PoolResources(arm, store, settings, vmSizes, allocation, this::offered);
    }

    Response handle(Request request, int typeIndex) {
        if (!request.lower().get(typeIndex).equals("batchaccounts")) {
            throw new ArmError(400, "InvalidResourceType", "The resource type '" + request.segment(typeIndex)
                    + "' is not emulated in Microsoft.Batch.");
        }
        String groupId = "/subscriptions/" + request.segment(1) + "/resourceGroups/" + request.segment(3);
        checkBody(request, typeIndex);
        synchronized (store) {
            if (request.size() == typeIndex + 1) {
                ArmHandler.requireMethod(request, "GET");
                return arm.list(request, store.children(groupId, ACCOUNT).stream().map(arm::present).toList());
            }
            String accountName = request.segment(typeIndex + 1);
            String accountId = groupId + "/providers/Microsoft.Batch/batchAccounts/" + accountName;
            if (request.size() == typeIndex + 2) {
                return accounts.account(request, accountId, accountName);
            }
            ObjectNode account = store.get(accountId)
                    .orElseThrow(() -> ArmError.notFound(ACCOUNT, accountName, request.segment(3)));
            String child = request.lower().get(typeIndex + 2);
            if (child.equals("listkeys") && request.size() == typeIndex + 3) {
                ArmHandler.requireMethod(request, "POST");
                ObjectNode keys = ArmHandler.JSON.createObjectNode();
                keys.put("accountName", account.get("name").asText());
                keys.put("primary", AccessKeys.derive(accountId + "primary"));
                keys.put("secondary", AccessKeys.derive(accountId + "secondary"));
                return Response.ok(keys);
            }
            if (child.equals("pooloperationresults") && request.size() == typeIndex + 4) {
                return arm.operations().poll(request, request.segment(typeIndex + 3));
            }
            if (child.equals("applications")) {
                return applications.applications(request, account, typeIndex + 3);
            }
            if (child.equals("certificates")) {
                if (request.size() == typeIndex + 3) {
                    ArmHandler.requireMethod(request, "GET");
                    return arm.list(request, store.children(accountId, CERTIFICATE));
                }
                if (request.method().equals("GET") && request.size() == typeIndex + 4) {
                    String name = request.segment(typeIndex + 3);
                    return Response.ok(store.get(accountId + "/certificates/" + name).orElseThrow(() ->
                            ArmError.notFound(CERTIFICATE, account.get("name").asText() + "/" + name, request.segment(3))));
                }
                throw ArmError.badRequest("CertificateRetired", "The 'Azure Batch Certificates' feature was retired "
                        + "on 02/29/2024. Use the Azure Key Vault VM extension instead.", "certificates");
            }
            if (child.equals("pools")) {
                if (request.size() == typeIndex + 3) {
                    ArmHandler.requireMethod(request, "GET");
                    return arm.list(request, store.children(accountId, POOL).stream().map(allocation::present).toList());
                }
                if (request.size() == typeIndex + 4) {
                    return pools.pool(request, account, request.segment(typeIndex + 3));
                }
                if (request.size() == typeIndex + 5) {
                    return pools.action(request, account, request.segment(typeIndex + 3), request.lower().get(typeIndex + 4));
                }
            }
        }
        throw new ArmError(404, "InvalidResourceType", "The resource path '" + request.id() + "' is not supported.");
    }

    /**
     * The validation hook: a body that creates or changes an account, application or pool is checked against what
     * its api-version has, as the service does (unknown properties and enum values are refused at their path).
     */
    private void checkBody(Request request, int typeIndex) {
        if (!request.method().equals("PUT") && !request.method().equals("PATCH")) {
            return;
        }
        int depth = request.size() - typeIndex;
        String child = depth == 4 ? request.lower().get(typeIndex + 2) : "";
        String definition = depth == 2 ? (request.method().equals("PUT") ? "BatchAccountCreateParameters"
                : "BatchAccountUpdateParameters")
                : child.equals("pools") ? "Pool" : child.equals("applications") ? "Application" : null;
        // A PATCH that names a property the account has but cannot change is left to the account's own, more
        // precise refusal (PropertyCannotBeUpdated).
        if (definition != null && (!definition.equals("BatchAccountUpdateParameters")
                || shapes.check(request.apiVersion(), "BatchAccount", request.body()).isPresent())) {
            shapes.check(request.apiVersion(), definition, request.body()).ifPresent(error -> {
                throw error;
            });
        }
    }

    ApiShapes shapes() {
        return shapes;
    }

    /** Whether Batch offers {@code vmSize} in {@code region} ({@link RegionalCompute}). */
    boolean offered(String region, String vmSize) {
        String lower = vmSize.toLowerCase(java.util.Locale.ROOT);
        return settings.regions().offered(region).orElse(defaultOffered).contains(lower);
    }

    /**
     * {@code GET .../providers/Microsoft.Batch/locations/{location}/virtualMachineSkus}: the sizes Batch supports in
     * the region, each with its family and its vCPUs and memory as capabilities, paged.
     */
    Response supportedSkus(Request request, String region) {
        ArmHandler.requireMethod(request, "GET");
        List<ObjectNode> skus = new java.util.ArrayList<>();
        for (VmSizes.Size size : vmSizes.all()) {
            if (!offered(region, size.name())) {
                continue;
            }
            ObjectNode sku = ArmHandler.JSON.createObjectNode();
            sku.put("name", size.name());
            sku.put("familyName", size.family());
            var capabilities = sku.putArray("capabilities");
            capabilities.addObject().put("name", "vCPUs").put("value", Integer.toString(size.vcpus()));
            capabilities.addObject().put("name", "MemoryGB").put("value", memory(size.memoryGib()));
            skus.add(sku);
        }
        return arm.list(request, skus);
    }

    private static String memory(double gib) {
        return gib == Math.rint(gib) ? Long.toString((long) gib) : Double.toString(gib);
    }

    /**
     * {@code GET .../providers/Microsoft.Compute/locations/{location}/usages}: the subscription's vCPUs in the region,
     * in total ({@code cores}), Spot ({@code lowPriorityCores}) and per VM family, each with its limit and what the
     * nodes of UserSubscription accounts' pools there use now (plus the total's {@code usedElsewhere}).
     */
    Response computeUsages(Request request, String region) {
        ArmHandler.requireMethod(request, "GET");
        ArmEmulator.ComputeQuota quota = settings.regions().quota(region);
        synchronized (store) {
            long cores = quota.usedElsewhere();
            long spot = 0;
            Map<String, Long> families = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            vmSizes.offeredByDefault().forEach(s -> families.put(s.family(), 0L));
            for (ObjectNode pool : userSubscriptionPools("/subscriptions/" + request.segment(1), region)) {
                JsonNode p = present(pool).path("properties");
                VmSizes.Size size = vmSizes.find(p.path("vmSize").asText()).orElse(null);
                if (size == null) {
                    continue;
                }
                long dedicated = (long) p.path("currentDedicatedNodes").asInt() * size.vcpus();
                cores += dedicated;
                spot += (long) p.path("currentLowPriorityNodes").asInt() * size.vcpus();
                families.merge(size.family(), dedicated, Long::sum);
            }
            List<ObjectNode> usages = new java.util.ArrayList<>();
            usages.add(usage("cores", "Total Regional vCPUs", cores, quota.regionalVcpus()));
            usages.add(usage("lowPriorityCores", "Total Regional Low-priority vCPUs", spot, quota.spotVcpus()));
            families.forEach((family, used) -> usages.add(usage(family, family + " vCPUs", used, quota.familyVcpus())));
            return arm.list(request, usages);
        }
    }

    private static ObjectNode usage(String name, String localized, long current, long limit) {
        ObjectNode usage = ArmHandler.JSON.createObjectNode();
        usage.put("unit", "Count");
        usage.put("currentValue", current);
        usage.put("limit", limit);
        usage.putObject("name").put("value", name).put("localizedValue", localized);
        return usage;
    }

    /** The pools of the subscription's UserSubscription accounts in {@code region}. */
    List<ObjectNode> userSubscriptionPools(String subscription, String region) {
        List<ObjectNode> out = new java.util.ArrayList<>();
        for (ObjectNode account : store.ofType(subscription, ACCOUNT)) {
            if (RegionalCompute.key(account.path("location").asText()).equals(RegionalCompute.key(region))
                    && account.path("properties").path("poolAllocationMode").asText().equals("UserSubscription")) {
                out.addAll(store.children(account.get("id").asText(), POOL));
            }
        }
        return out;
    }

    /** The pool as GET shows it now (see {@link PoolAllocation#present}). */
    ObjectNode present(ObjectNode pool) {
        return allocation.present(pool);
    }

    /** A new entity tag, in the service's weak form. */
    static String etag() {
        return "W/\"0x" + Long.toHexString(System.nanoTime() ^ 0x8D000000000000L).toUpperCase() + "\"";
    }
}
