/**
 * The Azure provider's connection to Azure Resource Manager through the Azure SDK for Java, and the provider itself:
 * a dispatcher over one handler per resource type ({@code io.batchform.azure.resource}). The same code talks to real
 * Azure and to batchform's emulator; only the endpoint, the credential and the trusted certificate differ. Azure SDK
 * types never leave these two packages.
 */
package io.batchform.azure;
