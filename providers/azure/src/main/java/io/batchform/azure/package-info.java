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
 *
 * <h2>Job schedules: the Batch data plane, through the SDK's pipeline with JSON at 2025-06-01</h2>
 * Job schedules live in the Batch <b>data plane</b>, at {@code https://} + the account's {@code accountEndpoint}
 * (Resource Manager has no job schedules). Which client:
 * <ul>
 *   <li>{@code com.azure:azure-compute-batch}, the maintained typed data-plane client, is not served by the Maven
 *       mirror this project builds from (no version resolves); it would also bring its own models of every Batch
 *       entity for the dozen calls batchform makes;</li>
 *   <li>the legacy {@code com.microsoft.azure:azure-batch} (11.2.0 resolves) is retired, speaks
 *       2023-05-01.17.0, and runs on its own Retrofit/OkHttp stack, outside azure-core: none of this connection's
 *       retries, logging or trusted certificate;</li>
 *   <li>so job schedules are read and written with JSON trees at the newest stable data-plane api-version,
 *       2025-06-01 ({@code specification/batch/data-plane/Azure.Batch/stable/2025-06-01/BatchService.json} in
 *       Azure/azure-rest-api-specs), by {@code BatchServiceJson}, through an azure-core {@code HttpPipeline} built by
 *       {@link io.batchform.azure.AzureConnection} on the same HTTP client (and so the same TLS trust), with the
 *       same retry policy, request ids in the service's {@code client-request-id} header, and HTTP logging.</li>
 * </ul>
 * Authentication is a policy in that pipeline: Microsoft Entra ID by default, azure-core's
 * {@code BearerTokenAuthenticationPolicy} over the connection's own credential with Batch's scope
 * {@code https://batch.core.windows.net//.default}; or, for a job schedule whose {@code authentication} is
 * {@code SharedKey}, {@code SharedKeyPolicy}, which signs each try with the account's primary key (listKeys through
 * Resource Manager) in the Batch SharedKey scheme. The service's errors become the {@code ManagementException}
 * the rest of the provider reports, with the service's code. The mapping between attributes and the service's JSON
 * is {@code JobScheduleHandler}'s (the schedules and metadata) and {@code JobSpecificationJson}'s (the job
 * specification, both ways).
 *
 * <h2>Writes conditional on what the plan read</h2>
 * A write the plan decided carries the ETag the plan's refresh recorded for the resource, where Microsoft's
 * OpenAPI lists a condition for the operation: {@code If-Match} on a pool's PATCH and on a job schedule's PATCH and
 * DELETE, {@code If-None-Match: *} on a pool's PUT. The service's 412 becomes the resource's
 * {@code ChangedSincePlan} diagnostic, never a retry. Which writes cannot be conditional, and why (their operations
 * take no condition: a pool's DELETE, which is compared first instead, Batch accounts, applications, packages,
 * certificates; and the typed SDK's storage, network, identity and resource-group writes), is said in
 * {@code io.batchform.azure.resource.Preconditions}.
 */
package io.batchform.azure;
