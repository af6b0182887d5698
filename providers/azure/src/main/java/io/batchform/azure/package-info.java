/**
 * The Azure provider's connection to Azure Resource Manager through the Azure SDK for Java, and the provider itself:
 * a dispatcher over one handler per resource type ({@code io.batchform.azure.resource}). The same code talks to real
 * Azure and to batchform's emulator; only the endpoint, the credential and the trusted certificate differ. Azure SDK
 * types never leave these two packages.
 *
 * <h2>Pools and Batch accounts: the SDK's pipeline with JSON at 2025-06-01</h2>
 * The newest typed Batch library that resolves here, {@code azure-resourcemanager-batch} 1.0.0, speaks
 * api-version 2022-01-01: it has no pool identity, extensions, node communication mode, OS and data disks,
 * security profile, zones, upgrade policy, resource tags or account network profile, and its serializer drops
 * properties its models do not know. So pools and Batch accounts are read and written at 2025-06-01 (the newest
 * stable Microsoft.Batch version, {@code AzureClients.BATCH_API_VERSION}) with JSON trees, by {@code ArmJson}:
 * <ul>
 *   <li>every request goes through the Batch manager's own {@code HttpPipeline} (its bearer-token policy, the
 *       retry policy configured in {@link io.batchform.azure.AzureConnection}, its logging), so authentication and
 *       retries are exactly those of the typed calls;</li>
 *   <li>long-running operations (an account's create and delete, a pool's delete) are polled by the SDK's own
 *       {@code PollerFactory} with the manager's default poll interval: Azure-AsyncOperation, Location or
 *       provisioningState, Retry-After honoured, the final body read as the SDK reads it;</li>
 *   <li>error answers become the {@code ManagementException} the typed clients throw, with Azure's code and
 *       message, so {@link io.batchform.azure.Failures} treats them alike;</li>
 *   <li>the JSON names are those of Microsoft's OpenAPI for that version; the mapping to the spec's attribute names
 *       is in one place per type ({@code PoolMapping}, {@code BatchAccountHandler}).</li>
 * </ul>
 * Hand-written models of 2025-06-01 were the other choice: some 60 classes copied from an OpenAPI document, which
 * would drift from it and add nothing the JSON trees do not already give (the planner keeps attributes as trees).
 * Applications, packages and certificates keep the typed client at 2022-01-01: nothing they need is missing there.
 */
package io.batchform.azure;
