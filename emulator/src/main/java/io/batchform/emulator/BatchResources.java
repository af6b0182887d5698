package io.batchform.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.emulator.ArmHandler.Request;
import io.batchform.emulator.ArmHandler.Response;

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

    BatchResources(ArmHandler arm, ResourceStore store, ArmEmulator.Settings settings) {
        this.arm = arm;
        this.store = store;
        VmSizes vmSizes = VmSizes.load();
        this.accounts = new AccountResources(arm, store, settings, vmSizes);
        this.applications = new ApplicationResources(arm, store, settings);
        this.allocation = new PoolAllocation(store, settings, vmSizes);
        this.pools = new PoolResources(arm, store, settings, vmSizes, allocation);
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

    /** The pool as GET shows it now (see {@link PoolAllocation#present}). */
    ObjectNode present(ObjectNode pool) {
        return allocation.present(pool);
    }

    /** A new entity tag, in the service's weak form. */
    static String etag() {
        return "W/\"0x" + Long.toHexString(System.nanoTime() ^ 0x8D000000000000L).toUpperCase() + "\"";
    }
}
