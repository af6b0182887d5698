package io.batchform.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The contract checker itself: it finds operations by api-version and names the operation, path and rule. */
class OpenApiContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POOL = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/acct/pools/p1";
    private static final String VM = "{\"imageReference\":{\"publisher\":\"canonical\",\"offer\":\"o\",\"sku\":\"s\"},"
            + "\"nodeAgentSkuId\":\"batch.node.ubuntu 22.04\"}";

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void operationsAreFoundByApiVersionMethodAndPathIgnoringCase() {
        OpenApiContract contract = OpenApiContract.get();
        assertThat(contract.operation("PUT", POOL.toLowerCase(), "2022-01-01").orElseThrow().operationId()).isEqualTo("Pool_Create");
        assertThat(contract.operation("POST", POOL + "/stopResize", "2025-06-01").orElseThrow().operationId())
                .isEqualTo("Pool_StopResize");
        assertThat(contract.operation("GET", POOL, "2024-07-01")).isEmpty();
        assertThat(contract.covers(POOL, "2024-07-01")).isFalse();
        assertThat(contract.versions("microsoft.batch")).containsExactly("2022-01-01", "2025-06-01");
    }

    @Test
    void aConditionalHeaderIsJudgedAgainstTheHeaderParametersTheDocumentLists() throws Exception {
        OpenApiContract contract = OpenApiContract.get();
        JsonNode pool = json("{\"properties\":{\"vmSize\":\"STANDARD_D2S_V3\"}}");
        assertThat(contract.check("PATCH", POOL, "2025-06-01", pool, 200, null, java.util.List.of(),
                java.util.Map.of("If-Match", "W/\"0x1\""))).extracting(Violation::rule).doesNotContain("header");
        assertThat(contract.check("PUT", POOL, "2025-06-01", null, 412, json("{\"error\":{\"code\":"
                + "\"PreconditionFailed\",\"message\":\"m\"}}"), java.util.List.of(),
                java.util.Map.of("If-None-Match", "*"))).isEmpty();
        assertThat(contract.check("DELETE", POOL, "2025-06-01", null, 202, null, java.util.List.of(),
                java.util.Map.of("If-Match", "W/\"0x1\""))).extracting(Violation::toString)
                .containsExactly("Pool_Delete@2025-06-01 request $: [header] the operation takes no If-Match header");
        String schedule = "/batchaccounts/acct.westeurope/jobschedules/nightly";
        assertThat(contract.check("DELETE", schedule, "2025-06-01", null, 202, null, java.util.List.of(),
                java.util.Map.of("If-Match", "0x8D1"))).isEmpty();
        assertThat(contract.check("POST", "/batchaccounts/acct.westeurope/jobschedules", "2025-06-01", null, 412,
                json("{\"code\":\"ConditionNotMet\",\"message\":{\"lang\":\"en-US\",\"value\":\"m\"}}"),
                java.util.List.of(), java.util.Map.of("If-Match", "0x8D1"))).extracting(Violation::rule)
                .containsExactly("header");
    }

    @Test
    void storageAndNetworkAreJudgedAtTheVersionsTheSdkSends() throws Exception {
        OpenApiContract contract = OpenApiContract.get();
        String rg = "/subscriptions/s/resourceGroups/rg/providers/";
        assertThat(contract.versions("microsoft.storage")).containsExactly("2025-06-01");
        assertThat(contract.versions("microsoft.network")).containsExactly("2025-03-01");
        assertThat(contract.operation("PUT", rg + "Microsoft.Network/virtualNetworks/v/subnets/s", "2025-03-01")
                .orElseThrow().operationId()).isEqualTo("Subnets_CreateOrUpdate");
        assertThat(contract.operation("POST", rg + "Microsoft.Storage/storageAccounts/a/listKeys", "2025-06-01")
                .orElseThrow().operationId()).isEqualTo("StorageAccounts_ListKeys");
        String account = rg + "Microsoft.Storage/storageAccounts/a";
        assertThat(contract.check("PUT", account, "2025-06-01", json("{\"location\":\"westeurope\",\"kind\":"
                + "\"StorageV2\",\"sku\":{\"name\":\"Standard_LRS\"},\"properties\":{\"accessTier\":\"Hot\"}}"),
                202, null)).isEmpty();
        assertThat(contract.check("PUT", account, "2025-06-01", json("{\"location\":\"westeurope\",\"kind\":"
                + "\"StorageV2\",\"sku\":{\"name\":\"Standard_LRS\",\"tier\":\"Standard\"}}"), 202, null))
                .extracting(Violation::toString).containsExactly("StorageAccounts_Create@2025-06-01 request "
                        + "$.sku.tier: [read-only] the property 'tier' is read-only: the service sets it, a client does "
                        + "not send it");
        assertThat(contract.check("POST", account + "/listKeys", "2025-06-01", null, 200,
                json("{\"keys\":[{\"keyName\":\"key1\",\"value\":\"v\",\"permissions\":\"FULL\"}]}")))
                .extracting(Violation::rule).containsExactly("enum");
        // Microsoft.Storage documents no error answer; ARM's own one for a missing resource group is ARM's.
        assertThat(contract.check("GET", rg + "Microsoft.Storage/storageAccounts", "2025-06-01", null, 404,
                json("{\"error\":{\"code\":\"ResourceGroupNotFound\",\"message\":\"no rg\"}}"))).isEmpty();
        assertThat(contract.check("GET", rg + "Microsoft.Storage/storageAccounts", "2025-06-01", null, 429,
                json("{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"throttled\"}}")))
                .as("ARM throttles any operation").isEmpty();
        assertThat(contract.check("GET", rg + "Microsoft.Storage/storageAccounts", "2025-06-01", null, 503,
                json("{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"down\"}}"))).isEmpty();
        assertThat(contract.check("GET", rg + "Microsoft.Storage/storageAccounts", "2025-06-01", null, 409,
                json("{\"error\":{\"code\":\"Conflict\",\"message\":\"busy\"}}"))).extracting(Violation::rule)
                .containsExactly("status");
    }

    @Test
    void aValidPoolPassesAndEachRuleIsNamedWithItsPath() throws Exception {
        OpenApiContract contract = OpenApiContract.get();
        String valid = "{\"properties\":{\"vmSize\":\"STANDARD_D2S_V3\",\"deploymentConfiguration\":"
                + "{\"virtualMachineConfiguration\":" + VM + "}}}";
        assertThat(contract.check("PUT", POOL, "2022-01-01", json(valid), 200, json(valid))).isEmpty();

        String wrong = "{\"properties\":{\"vmSize\":\"STANDARD_D2S_V3\",\"interNodeCommunication\":\"Sometimes\","
                + "\"colour\":\"blue\",\"allocationState\":\"Steady\",\"deploymentConfiguration\":"
                + "{\"virtualMachineConfiguration\":{\"nodeAgentSkuId\":\"x\"}}}}";
        assertThat(contract.check("PUT", POOL, "2022-01-01", json(wrong), 200, null))
                .extracting(Violation::toString)
                .contains("Pool_Create@2022-01-01 request $.properties.interNodeCommunication: [enum] "
                                + "$.properties.interNodeCommunication: does not have a value in the enumeration [\"Enabled\", \"Disabled\"]",
                        "Pool_Create@2022-01-01 request $.properties.colour: [unknown-property] the property 'colour' "
                                + "is not in the schema (known: displayName, lastModified, creationTime, provisioningState, "
                                + "provisioningStateTransitionTime, allocationState, allocationStateTransitionTime, vmSize, "
                                + "deploymentConfiguration, currentDedicatedNodes, currentLowPriorityNodes, scaleSettings, "
                                + "autoScaleRun, interNodeCommunication, networkConfiguration, taskSlotsPerNode, "
                                + "taskSchedulingPolicy, userAccounts, metadata, startTask, certificates, applicationPackages, "
                                + "applicationLicenses, resizeOperationStatus, mountConfiguration)",
                        "Pool_Create@2022-01-01 request $.properties.allocationState: [read-only] the property "
                                + "'allocationState' is read-only: the service sets it, a client does not send it",
                        "Pool_Create@2022-01-01 response $: [body] status 200 is documented with a body, and none was sent")
                .anySatisfy(v -> assertThat(v).contains("[required]").contains("imageReference"));
    }

    @Test
    void theVersionDecidesWhatIsKnown() throws Exception {
        OpenApiContract contract = OpenApiContract.get();
        String simplified = "{\"properties\":{\"targetNodeCommunicationMode\":\"Simplified\"}}";
        assertThat(contract.check("PATCH", POOL, "2025-06-01", json(simplified), 200, null))
                .extracting(Violation::rule).containsExactly("body");
        assertThat(contract.check("PATCH", POOL, "2022-01-01", json(simplified), 200, null))
                .extracting(Violation::rule).containsExactly("unknown-property", "body");
    }

    @Test
    void responsesKeepToTheirDocumentedStatusesAndNeverReturnSecrets() throws Exception {
        OpenApiContract contract = OpenApiContract.get();
        String account = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/acct";
        assertThat(contract.check("PUT", account, "2025-06-01", json("{\"location\":\"westus\"}"), 201, null))
                .extracting(Violation::rule).containsExactly("status");
        assertThat(contract.check("GET", account, "2025-06-01", null, 404,
                json("{\"error\":{\"code\":\"ResourceNotFound\",\"message\":\"gone\"}}"))).isEmpty();
        String secret = "{\"properties\":{\"userAccounts\":[{\"name\":\"u\",\"password\":\"p\"}]}}";
        assertThat(contract.check("GET", POOL, "2025-06-01", null, 200, json(secret)))
                .extracting(Violation::toString)
                .containsExactly("Pool_Get@2025-06-01 response $.properties.userAccounts[0].password: [x-ms-secret] "
                        + "the property 'password' is a secret (x-ms-secret): the service never returns it");
    }
}
