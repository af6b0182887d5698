/**
 * The Azure provider's connection to Azure Resource Manager through the Azure SDK for Java. The same code talks to
 * real Azure and to batchform's emulator; only the endpoint, the credential and the trusted certificate differ.
 * Azure SDK types never leave this package.
 */
package io.batchform.azure;
