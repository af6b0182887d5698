package io.batchform.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArmEmulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUB = "/subscriptions/00000000-0000-0000-0000-000000000000";
    private static final String RG = SUB + "/resourceGroups/rg-test";
    private static final String BATCH = "?api-version=2022-01-01";
    private static final String BATCH_2024 = "?api-version=2024-07-01";
    private static final String STORAGE = "?api-version=2025-06-01";
    private static final String NETWORK = "?api-version=2025-03-01";
    private static final String GROUPS = "?api-version=2025-04-01";

    private ArmEmulator emulator;
    private HttpClient client;

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String errorCode() {
            return body.path("error").path("code").asText();
        }
    }

    @BeforeEach
    void start() {
        emulator = ArmEmulator.builder().inMemory().resizeDuration(Duration.ZERO).pageSize(2)
                .accountsPerRegion(2).coreQuotas(20, 8, 16).build().start();
        client = HttpClient.newBuilder().sslContext(emulator.sslContext()).build();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private Reply send(String method, String path, String body) throws IOException, InterruptedException {
        return send(method, path, body, "Bearer test-token");
    }

    private Reply send(String method, String path, String body, String authorization)
            throws IOException, InterruptedException {
        URI uri = path.startsWith("https://") ? URI.create(path) : emulator.endpoint().resolve(path.substring(1));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        return new Reply(response.statusCode(), json, response);
    }

    /** Follows a 202 + Location operation to its end and returns the final reply. */
    private Reply complete(Reply started) throws IOException, InterruptedException {
        Reply reply = started;
        for (int i = 0; i < 10 && reply.status() == 202; i++) {
            reply = send("GET", reply.header("Location"), null);
        }
        return reply;
    }

    private void resourceGroup() throws IOException, InterruptedException {
        assertThat(send("PUT", RG + GROUPS, "{\"location\":\"westeurope\"}").status()).isEqualTo(201);
    }

    private String storageAccount(String name) throws IOException, InterruptedException {
        Reply created = send("PUT", RG + "/providers/Microsoft.Storage/storageAccounts/" + name + STORAGE,
                "{\"location\":\"westeurope\",\"kind\":\"StorageV2\",\"sku\":{\"name\":\"Standard_LRS\"}}");
        assertThat(created.status()).isEqualTo(202);
        Reply done = complete(created);
        assertThat(done.status()).isEqualTo(200);
        return done.body().get("id").asText();
    }

    private Reply batchAccount(String name, String location) throws IOException, InterruptedException {
        return complete(send("PUT", RG + "/providers/Microsoft.Batch/batchAccounts/" + name + BATCH,
                "{\"location\":\"" + location + "\"}"));
    }

    private static String pool(String vmSize, String scale) {
        return "{\"properties\":{\"vmSize\":\"" + vmSize + "\",\"deploymentConfiguration\":{\"virtualMachineConfiguration\":"
                + "{\"imageReference\":{\"publisher\":\"canonical\",\"offer\":\"0001-com-ubuntu-server-jammy\","
                + "\"sku\":\"22_04-lts\",\"version\":\"latest\"},\"nodeAgentSkuId\":\"batch.node.ubuntu 22.04\"}},"
                + "\"scaleSettings\":" + scale + "}}";
    }

    @Test
    void refusesRequestsWithoutATokenOrApiVersionAsArmDoes() throws Exception {
        Reply noToken = send("GET", RG + GROUPS, null, null);
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.errorCode()).isEqualTo("AuthenticationFailed");
        assertThat(noToken.header("WWW-Authenticate")).startsWith("Bearer ");
        Reply noVersion = send("GET", RG, null);
        assertThat(noVersion.status()).isEqualTo(400);
        assertThat(noVersion.errorCode()).isEqualTo("MissingApiVersionParameter");
        Reply badVersion = send("GET", RG + "/providers/Microsoft.Batch/batchAccounts?api-version=2099-01-01", null);
        assertThat(badVersion.status()).isEqualTo(400);
        assertThat(badVersion.errorCode()).isEqualTo("NoRegisteredProviderFound");
        assertThat(badVersion.body().path("error").path("message").asText()).contains("2024-07-01");
        assertThat(send("GET", RG + "?api-version=1999-01-01", null).errorCode()).isEqualTo("InvalidApiVersionParameter");
    }

    @Test
    void createsResourceGroupsAndReportsMissingOnes() throws Exception {
        assertThat(send("GET", RG + GROUPS, null).errorCode()).isEqualTo("ResourceGroupNotFound");
        resourceGroup();
        assertThat(send("PUT", RG + GROUPS, "{\"location\":\"westeurope\",\"tags\":{\"a\":\"b\"}}").status()).isEqualTo(200);
        Reply group = send("GET", RG.toUpperCase().replace("SUBSCRIPTIONS", "subscriptions") + GROUPS, null);
        assertThat(group.status()).isEqualTo(200);
        assertThat(group.body().path("id").asText()).isEqualTo(RG);
        assertThat(group.body().path("tags").path("a").asText()).isEqualTo("b");
    }

    @Test
    void storageAccountsCompleteThroughLocationPollingAndListKeys() throws Exception {
        resourceGroup();
        String id = storageAccount("stdata01");
        Reply account = send("GET", id + STORAGE, null);
        assertThat(account.body().path("properties").path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(account.body().path("properties").path("primaryEndpoints").path("blob").asText())
                .isEqualTo("https://stdata01.blob.core.windows.net/");
        Reply keys = send("POST", id + "/listKeys" + STORAGE, null);
        assertThat(keys.body().path("keys")).hasSize(2);
        Reply invalid = send("PUT", RG + "/providers/Microsoft.Storage/storageAccounts/Bad_Name" + STORAGE,
                "{\"location\":\"westeurope\",\"sku\":{\"name\":\"Standard_LRS\"}}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.errorCode()).isEqualTo("AccountNameInvalid");
        assertThat(send("DELETE", id + STORAGE, null).status()).isEqualTo(200);
        assertThat(send("GET", id + STORAGE, null).errorCode()).isEqualTo("ResourceNotFound");
        assertThat(send("DELETE", id + STORAGE, null).status()).isEqualTo(204);
    }

    @Test
    void virtualNetworksProjectInlineSubnetsAndCheckTheirRanges() throws Exception {
        resourceGroup();
        String vnet = RG + "/providers/Microsoft.Network/virtualNetworks/vnet-main";
        Reply created = send("PUT", vnet + NETWORK, "{\"location\":\"westeurope\",\"properties\":{\"addressSpace\":"
                + "{\"addressPrefixes\":[\"10.10.0.0/16\"]},\"subnets\":[{\"name\":\"pools\",\"properties\":"
                + "{\"addressPrefix\":\"10.10.1.0/24\"}}]}}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().path("properties").path("provisioningState").asText()).isEqualTo("Updating");
        Reply status = send("GET", created.header("Azure-AsyncOperation"), null);
        assertThat(status.body().path("status").asText()).isEqualTo("InProgress");
        assertThat(send("GET", created.header("Azure-AsyncOperation"), null).body().path("status").asText())
                .isEqualTo("Succeeded");
        Reply subnet = send("GET", vnet + "/subnets/pools" + NETWORK, null);
        assertThat(subnet.status()).isEqualTo(200);
        assertThat(subnet.body().path("properties").path("addressPrefix").asText()).isEqualTo("10.10.1.0/24");
        send("PUT", vnet + "/subnets/more" + NETWORK, "{\"properties\":{\"addressPrefix\":\"10.10.2.0/24\"}}");
        Reply withBoth = send("GET", vnet + NETWORK, null);
        assertThat(withBoth.body().path("properties").path("subnets")).hasSize(2);
        assertThat(withBoth.body().path("properties").path("provisioningState").asText()).isEqualTo("Succeeded");
        Reply overlap = send("PUT", vnet + "/subnets/clash" + NETWORK, "{\"properties\":{\"addressPrefix\":\"10.10.1.128/25\"}}");
        assertThat(overlap.errorCode()).isEqualTo("NetcfgSubnetRangesOverlap");
        Reply outside = send("PUT", vnet + "/subnets/far" + NETWORK, "{\"properties\":{\"addressPrefix\":\"10.11.0.0/24\"}}");
        assertThat(outside.errorCode()).isEqualTo("NetcfgSubnetRangeOutsideVnet");
        Reply deleted = complete(send("DELETE", vnet + NETWORK, null));
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(send("GET", vnet + "/subnets/pools" + NETWORK, null).status()).isEqualTo(404);
    }

    /** A subnet, or its network, that a pool is in cannot be deleted until the pool's deletion has completed. */
    @Test
    void aSubnetInUseByAPoolIsNotDeleted() throws Exception {
        resourceGroup();
        String vnet = RG + "/providers/Microsoft.Network/virtualNetworks/vnet-used";
        complete(send("PUT", vnet + NETWORK, "{\"location\":\"westeurope\",\"properties\":{\"addressSpace\":"
                + "{\"addressPrefixes\":[\"10.10.0.0/16\"]},\"subnets\":[{\"name\":\"pools\",\"properties\":"
                + "{\"addressPrefix\":\"10.10.1.0/24\"}}]}}"));
        batchAccount("batchnet", "westeurope");
        String pool = RG + "/providers/Microsoft.Batch/batchAccounts/batchnet/pools/render";
        String body = pool("STANDARD_D2S_V3", "{\"fixedScale\":{\"targetDedicatedNodes\":1}}").replaceFirst(
                "\\{\"properties\":\\{", "{\"properties\":{\"networkConfiguration\":{\"subnetId\":\"" + vnet
                        + "/subnets/pools\"},");
        assertThat(send("PUT", pool + BATCH, body).status()).isEqualTo(200);

        Reply subnet = send("DELETE", vnet + "/subnets/pools" + NETWORK, null);
        assertThat(subnet.status()).isEqualTo(400);
        assertThat(subnet.errorCode()).isEqualTo("InUseSubnetCannotBeDeleted");
        assertThat(subnet.body().path("error").path("message").asText()).isEqualTo("Subnet pools is in use by " + pool
                + " and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet.");
        assertThat(send("DELETE", vnet + NETWORK, null).errorCode()).isEqualTo("InUseSubnetCannotBeDeleted");
        assertThat(send("GET", vnet + "/subnets/pools" + NETWORK, null).status()).isEqualTo(200);

        // The group lists its top-level resources (what deleting it deletes), not the subnets and pools in them.
        Reply held = send("GET", RG + "/resources" + GROUPS, null);
        assertThat(held.status()).isEqualTo(200);
        List<String> ids = new java.util.ArrayList<>();
        held.body().path("value").forEach(r -> ids.add(r.path("id").asText()));
        assertThat(ids).containsExactlyInAnyOrder(vnet, RG + "/providers/Microsoft.Batch/batchAccounts/batchnet");

        assertThat(complete(send("DELETE", pool + BATCH, null)).status()).isEqualTo(200);
        assertThat(complete(send("DELETE", vnet + "/subnets/pools" + NETWORK, null)).status()).isEqualTo(200);
        assertThat(send("GET", vnet + "/subnets/pools" + NETWORK, null).status()).isEqualTo(404);
    }

    @Test
    void batchAccountsUseLocationOperationsAndEnforceRegionalQuotaAndReferences() throws Exception {
        resourceGroup();
        String storage = storageAccount("stauto01");
        Reply started = send("PUT", RG + "/providers/Microsoft.Batch/batchAccounts/batchone" + BATCH,
                "{\"location\":\"westeurope\",\"properties\":{\"autoStorage\":{\"storageAccountId\":\"" + storage + "\"}}}");
        assertThat(started.status()).isEqualTo(202);
        assertThat(started.header("Location")).contains("/providers/Microsoft.Batch/locations/westeurope/accountOperationResults/batchone-");
        Reply account = complete(started);
        assertThat(account.status()).isEqualTo(200);
        JsonNode properties = account.body().path("properties");
        assertThat(properties.path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(properties.path("accountEndpoint").asText()).isEqualTo(emulator.endpoint().getAuthority()
                + "/batchaccounts/batchone.westeurope");
        assertThat(properties.path("dedicatedCoreQuota").asInt()).isEqualTo(20);
        assertThat(properties.path("dedicatedCoreQuotaPerVMFamily").isArray()).isTrue();
        assertThat(properties.path("autoStorage").path("storageAccountId").asText()).isEqualTo(storage);
        assertThat(batchAccount("batchtwo", "West Europe").status()).isEqualTo(200);
        Reply third = send("PUT", RG + "/providers/Microsoft.Batch/batchAccounts/batchthree" + BATCH, "{\"location\":\"westeurope\"}");
        assertThat(third.status()).isEqualTo(409);
        assertThat(third.errorCode()).isEqualTo("SubscriptionQuotaExceeded");
        Reply missingStorage = send("PUT", RG + "/providers/Microsoft.Batch/batchAccounts/batchfour" + BATCH,
                "{\"location\":\"northeurope\",\"properties\":{\"autoStorage\":{\"storageAccountId\":\"" + RG
                        + "/providers/Microsoft.Storage/storageAccounts/nothere\"}}}");
        assertThat(missingStorage.status()).isEqualTo(400);
        assertThat(missingStorage.body().path("error").path("target").asText()).isEqualTo("properties.autoStorage.storageAccountId");
        Reply immutable = send("PATCH", RG + "/providers/Microsoft.Batch/batchAccounts/batchone" + BATCH,
                "{\"properties\":{\"poolAllocationMode\":\"UserSubscription\"}}");
        assertThat(immutable.errorCode()).isEqualTo("PropertyCannotBeUpdated");
        Reply tagged = send("PATCH", RG + "/providers/Microsoft.Batch/batchAccounts/batchone" + BATCH, "{\"tags\":{\"env\":\"prod\"}}");
        assertThat(tagged.body().path("tags").path("env").asText()).isEqualTo("prod");
        assertThat(send("POST", RG + "/providers/Microsoft.Batch/batchAccounts/batchone/listKeys" + BATCH, null)
                .body().path("primary").asText()).isNotEmpty();
        Reply quota = send("GET", SUB + "/providers/Microsoft.Batch/locations/westeurope/quotas" + BATCH, null);
        assertThat(quota.body().path("accountQuota").asInt()).isEqualTo(2);
        Reply deleted = complete(send("DELETE", RG + "/providers/Microsoft.Batch/batchAccounts/batchtwo" + BATCH, null));
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(send("GET", RG + "/providers/Microsoft.Batch/batchAccounts/batchtwo" + BATCH, null).status()).isEqualTo(404);
    }

    @Test
    void poolsAreCreatedSynchronouslyAndReachTheirSizeWithinTheCoreQuota() throws Exception {
        resourceGroup();
        batchAccount("batchpools", "westeurope");
        String account = RG + "/providers/Microsoft.Batch/batchAccounts/batchpools";
        // Standard_D2s_v3 has 2 vCPUs; the account allows 20 dedicated cores but 16 in the family.
        Reply created = send("PUT", account + "/pools/render" + BATCH, pool("STANDARD_D2S_V3",
                "{\"fixedScale\":{\"targetDedicatedNodes\":12,\"targetLowPriorityNodes\":2}}"));
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.header("ETag")).isEqualTo(created.body().path("etag").asText());
        JsonNode properties = created.body().path("properties");
        assertThat(properties.path("allocationState").asText()).isEqualTo("Resizing");
        assertThat(properties.path("taskSlotsPerNode").asInt()).isEqualTo(1);
        assertThat(properties.path("interNodeCommunication").asText()).isEqualTo("Disabled");
        assertThat(properties.path("scaleSettings").path("fixedScale").path("resizeTimeout").asText()).isEqualTo("PT15M");
        JsonNode steady = send("GET", account + "/pools/render" + BATCH, null).body().path("properties");
        assertThat(steady.path("allocationState").asText()).isEqualTo("Steady");
        assertThat(steady.path("currentDedicatedNodes").asInt()).isEqualTo(8);
        assertThat(steady.path("currentLowPriorityNodes").asInt()).isEqualTo(2);
        assertThat(steady.path("resizeOperationStatus").path("errors").get(0).path("code").asText())
                .isEqualTo("AccountCoreQuotaReached");
    }

    @Test
    void poolChangesFollowTheServiceRulesOfEachApiVersion() throws Exception {
        resourceGroup();
        batchAccount("batchrules", "westeurope");
        String pool = RG + "/providers/Microsoft.Batch/batchAccounts/batchrules/pools/etl";
        send("PUT", pool + BATCH, pool("Standard_D2s_v3", "{\"fixedScale\":{\"targetDedicatedNodes\":1}}"));
        send("GET", pool + BATCH, null);
        Reply vmSize = send("PATCH", pool + BATCH, "{\"properties\":{\"vmSize\":\"Standard_D4s_v3\"}}");
        assertThat(vmSize.status()).isEqualTo(400);
        assertThat(vmSize.errorCode()).isEqualTo("PropertyCannotBeUpdated");
        assertThat(vmSize.body().path("error").path("target").asText()).isEqualTo("properties.vmSize");
        Reply notEmpty = send("PATCH", pool + BATCH_2024, "{\"properties\":{\"vmSize\":\"Standard_D4s_v3\"}}");
        assertThat(notEmpty.status()).isEqualTo(409);
        assertThat(notEmpty.errorCode()).isEqualTo("PoolNotEmpty");
        Reply metadata = send("PATCH", pool + BATCH, "{\"properties\":{\"metadata\":[{\"name\":\"team\",\"value\":\"etl\"}]}}");
        assertThat(metadata.status()).isEqualTo(200);
        Reply scaled = send("PATCH", pool + BATCH, "{\"properties\":{\"scaleSettings\":{\"fixedScale\":{\"targetDedicatedNodes\":0}}}}");
        assertThat(scaled.status()).isEqualTo(200);
        assertThat(send("GET", pool + BATCH, null).body().path("properties").path("currentDedicatedNodes").asInt()).isZero();
        Reply resized = send("PATCH", pool + BATCH_2024, "{\"properties\":{\"vmSize\":\"Standard_D4s_v3\"}}");
        assertThat(resized.status()).isEqualTo(200);
        assertThat(resized.body().path("properties").path("vmSize").asText()).isEqualTo("Standard_D4s_v3");
        assertThat(resized.body().path("properties").path("metadata").get(0).path("value").asText()).isEqualTo("etl");
        Reply stale = send("PATCH", pool + BATCH, "{\"properties\":{\"metadata\":[]}}", "Bearer t");
        assertThat(stale.status()).isEqualTo(200);
        HttpRequest conditional = HttpRequest.newBuilder(emulator.endpoint().resolve(pool.substring(1) + BATCH))
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"properties\":{\"metadata\":[]}}"))
                .header("Authorization", "Bearer t").header("If-Match", "W/\"0xSTALE\"").build();
        assertThat(client.send(conditional, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(412);
        Reply deleted = send("DELETE", pool + BATCH, null);
        assertThat(deleted.status()).isEqualTo(202);
        assertThat(deleted.header("Location")).contains("/batchAccounts/batchrules/poolOperationResults/delete-etl-");
        assertThat(complete(deleted).status()).isEqualTo(200);
        assertThat(send("GET", pool + BATCH, null).status()).isEqualTo(404);
    }

    @Test
    void poolsAreValidatedLikeTheService() throws Exception {
        resourceGroup();
        batchAccount("batchvalid", "westeurope");
        String pools = RG + "/providers/Microsoft.Batch/batchAccounts/batchvalid/pools/";
        Reply subnet = send("PUT", pools + "a" + BATCH, pool("Standard_D2s_v3", "{\"fixedScale\":{}}")
                .replace("\"scaleSettings\"", "\"networkConfiguration\":{\"subnetId\":\"" + RG
                        + "/providers/Microsoft.Network/virtualNetworks/v/subnets/s\"},\"scaleSettings\""));
        assertThat(subnet.status()).isEqualTo(400);
        assertThat(subnet.body().path("error").path("target").asText()).isEqualTo("properties.networkConfiguration.subnetId");
        Reply formula = send("PUT", pools + "b" + BATCH, pool("Standard_D2s_v3",
                "{\"autoScale\":{\"formula\":\"$TargetDedicatedNodes = mex(1)\"}}"));
        assertThat(formula.errorCode()).isEqualTo("InvalidAutoScaleFormula");
        assertThat(formula.body().path("error").path("message").asText()).contains("unknown function 'mex'");
        Reply interval = send("PUT", pools + "c" + BATCH, pool("Standard_D2s_v3",
                "{\"autoScale\":{\"formula\":\"$TargetDedicatedNodes = 1\",\"evaluationInterval\":\"PT1M\"}}"));
        assertThat(interval.body().path("error").path("target").asText())
                .isEqualTo("properties.scaleSettings.autoScale.evaluationInterval");
        Reply size = send("PUT", pools + "d" + BATCH, pool("Standard_Nope", "{\"fixedScale\":{}}"));
        assertThat(size.body().path("error").path("target").asText()).isEqualTo("properties.vmSize");
    }

    @Test
    void autoscalePoolsAreEvaluatedWithTheProjectsEvaluator() throws Exception {
        resourceGroup();
        batchAccount("batchauto", "westeurope");
        Reply created = send("PUT", RG + "/providers/Microsoft.Batch/batchAccounts/batchauto/pools/auto" + BATCH,
                pool("Standard_D2s_v3", "{\"autoScale\":{\"formula\":\"$TargetDedicatedNodes = 3; "
                        + "$NodeDeallocationOption = taskcompletion\",\"evaluationInterval\":\"PT5M\"}}"));
        assertThat(created.status()).isEqualTo(200);
        JsonNode run = created.body().path("properties").path("autoScaleRun");
        assertThat(run.path("results").asText())
                .isEqualTo("$TargetDedicatedNodes=3;$TargetLowPriorityNodes=0;$NodeDeallocationOption=taskcompletion");
        JsonNode steady = send("GET", RG + "/providers/Microsoft.Batch/batchAccounts/batchauto/pools/auto" + BATCH, null)
                .body().path("properties");
        assertThat(steady.path("currentDedicatedNodes").asInt()).isEqualTo(3);
    }

    @Test
    void listsArePagedWithNextLink() throws Exception {
        resourceGroup();
        batchAccount("batchpaged", "westeurope");
        for (String name : new String[] {"p1", "p2", "p3", "p4", "p5"}) {
            send("PUT", RG + "/providers/Microsoft.Batch/batchAccounts/batchpaged/pools/" + name + BATCH,
                    pool("Standard_D2s_v3", "{\"fixedScale\":{}}"));
        }
        int seen = 0;
        Reply page = send("GET", RG + "/providers/Microsoft.Batch/batchAccounts/batchpaged/pools" + BATCH, null);
        int pages = 1;
        while (true) {
            seen += page.body().path("value").size();
            if (!page.body().hasNonNull("nextLink")) {
                break;
            }
            page = send("GET", page.body().get("nextLink").asText(), null);
            pages++;
        }
        assertThat(seen).isEqualTo(5);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void keepsStateAcrossRestartsInItsDataDirectory(@TempDir Path data) throws Exception {
        emulator.close();
        emulator = ArmEmulator.builder().dataDirectory(data).build().start();
        client = HttpClient.newBuilder().sslContext(emulator.sslContext()).build();
        resourceGroup();
        batchAccount("batchkept", "westeurope");
        emulator.close();
        emulator = ArmEmulator.builder().dataDirectory(data).build().start();
        client = HttpClient.newBuilder().sslContext(emulator.sslContext()).build();
        Reply account = send("GET", RG + "/providers/Microsoft.Batch/batchAccounts/batchkept" + BATCH, null);
        assertThat(account.status()).isEqualTo(200);
        assertThat(emulator.caCertificatePath()).exists();
    }

    @Test
    void injectsThrottlingFailedOperationsAndRegionOutages() throws Exception {
        resourceGroup();
        emulator.faults(FaultConfig.NONE.withFailNext(2).withRetryAfterSeconds(3));
        Reply throttled = send("GET", RG + GROUPS, null);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.header("Retry-After")).isEqualTo("3");
        assertThat(send("GET", RG + GROUPS, null).status()).isEqualTo(429);
        assertThat(send("GET", RG + GROUPS, null).status()).isEqualTo(200);

        emulator.faults(FaultConfig.NONE.withFailNextOperations(1));
        Reply failed = batchAccount("batchfails", "westeurope");
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.errorCode()).isEqualTo("OperationFailed");
        assertThat(send("GET", RG + "/providers/Microsoft.Batch/batchAccounts/batchfails" + BATCH, null)
                .body().path("properties").path("provisioningState").asText()).isEqualTo("Failed");

        emulator.faults(FaultConfig.NONE);
        batchAccount("batchnorth", "northeurope");
        emulator.faults(FaultConfig.NONE.withDownRegions(Set.of("North Europe")));
        assertThatThrownBy(() -> send("GET", RG + "/providers/Microsoft.Batch/batchAccounts/batchnorth" + BATCH, null))
                .isInstanceOf(IOException.class);
        assertThat(send("GET", RG + "/providers/Microsoft.Batch/batchAccounts/batchfails" + BATCH, null).status())
                .isEqualTo(200);

        emulator.faults(FaultConfig.NONE.withFailureRates(0, 1.0));
        assertThat(send("GET", RG + GROUPS, null).status()).isIn(500, 503);
        assertThat(emulator.requestCount()).isGreaterThan(10);
    }

    @Test
    void applicationPackagesAreCreatedPendingAndActivatedAndCertificatesAreRetired() throws Exception {
        resourceGroup();
        String storage = storageAccount("stapps01");
        complete(send("PUT", RG + "/providers/Microsoft.Batch/batchAccounts/batchapps" + BATCH,
                "{\"location\":\"westeurope\",\"properties\":{\"autoStorage\":{\"storageAccountId\":\"" + storage + "\"}}}"));
        String app = RG + "/providers/Microsoft.Batch/batchAccounts/batchapps/applications/blender";
        assertThat(send("PUT", app + BATCH, "{\"properties\":{\"displayName\":\"Blender\"}}").status()).isEqualTo(200);
        Reply noDefault = send("PATCH", app + BATCH, "{\"properties\":{\"defaultVersion\":\"4.1\"}}");
        assertThat(noDefault.errorCode()).isEqualTo("ApplicationPackageNotFound");
        Reply version = send("PUT", app + "/versions/4.1" + BATCH, null);
        assertThat(version.status()).isEqualTo(200);
        assertThat(version.body().path("properties").path("state").asText()).isEqualTo("Pending");
        assertThat(version.body().path("properties").path("storageUrl").asText()).startsWith("https://stapps01.blob.");
        Reply activated = send("POST", app + "/versions/4.1/activate" + BATCH, "{\"format\":\"zip\"}");
        assertThat(activated.body().path("properties").path("state").asText()).isEqualTo("Active");
        assertThat(send("PATCH", app + BATCH, "{\"properties\":{\"defaultVersion\":\"4.1\"}}").status()).isEqualTo(200);
        String pools = RG + "/providers/Microsoft.Batch/batchAccounts/batchapps/pools/";
        String withPackage = pool("Standard_D2s_v3", "{\"fixedScale\":{}}")
                .replace("\"scaleSettings\"", "\"applicationPackages\":[{\"id\":\"" + app + "\"}],\"scaleSettings\"");
        assertThat(send("PUT", pools + "withapp" + BATCH, withPackage).status()).isEqualTo(200);
        Reply missing = send("PUT", pools + "badapp" + BATCH, withPackage.replace("blender", "maya"));
        assertThat(missing.status()).isEqualTo(409);
        assertThat(missing.errorCode()).isEqualTo("InvalidApplicationPackageReferences");
        Reply certificate = send("PUT", RG + "/providers/Microsoft.Batch/batchAccounts/batchapps/certificates/sha1-abc" + BATCH,
                "{\"properties\":{\"data\":\"MII=\",\"format\":\"Cer\"}}");
        assertThat(certificate.status()).isEqualTo(400);
        assertThat(certificate.errorCode()).isEqualTo("CertificateRetired");
        assertThat(send("GET", RG + "/providers/Microsoft.Batch/batchAccounts/batchapps/certificates" + BATCH, null)
                .body().path("value")).isEmpty();
    }
}
