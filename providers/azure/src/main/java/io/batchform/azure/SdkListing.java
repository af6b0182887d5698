package io.batchform.azure;

import com.azure.core.management.Region;
import com.azure.resourcemanager.batch.fluent.models.PoolInner;
import com.azure.resourcemanager.batch.models.BatchAccount;
import com.azure.resourcemanager.batch.models.DeploymentConfiguration;
import com.azure.resourcemanager.batch.models.ImageReference;
import com.azure.resourcemanager.batch.models.VirtualMachineConfiguration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The listing a refresh is built on: one list call for a resource group's Batch accounts, then one (paged) list of
 * pools per account, the accounts in parallel. Also fills an environment for benchmarks.
 */
public final class SdkListing {
    private SdkListing() {
    }

    /** Lists every pool of every Batch account in the resource group; returns the number of pools seen. */
    public static long listPoolsOfEveryAccount(AzureConnection azure, String resourceGroup) {
        List<BatchAccount> accounts = azure.batch().batchAccounts().listByResourceGroup(resourceGroup).stream().toList();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(accounts.size(), 16)));
        try {
            List<CompletableFuture<Long>> counts = accounts.stream().map(account -> CompletableFuture.supplyAsync(() ->
                    azure.batch().serviceClient().getPools().listByBatchAccount(resourceGroup, account.name())
                            .stream().count(), pool)).toList();
            return counts.stream().mapToLong(CompletableFuture::join).sum();
        } finally {
            pool.shutdown();
        }
    }

    /** Creates {@code accounts} Batch accounts with {@code poolsPerAccount} pools each (for benchmarks). */
    public static void populate(AzureConnection azure, String resourceGroup, int accounts, int poolsPerAccount) {
        azure.resources().resourceGroups().define(resourceGroup).withRegion(Region.EUROPE_WEST).create();
        DeploymentConfiguration ubuntu = new DeploymentConfiguration().withVirtualMachineConfiguration(
                new VirtualMachineConfiguration().withImageReference(new ImageReference().withPublisher("canonical")
                        .withOffer("0001-com-ubuntu-server-jammy").withSku("22_04-lts").withVersion("latest"))
                        .withNodeAgentSkuId("batch.node.ubuntu 22.04"));
        for (int a = 0; a < accounts; a++) {
            String account = "batchbench" + a;
            azure.batch().batchAccounts().define(account).withRegion("westeurope")
                    .withExistingResourceGroup(resourceGroup).create();
            for (int p = 0; p < poolsPerAccount; p++) {
                azure.batch().serviceClient().getPools().create(resourceGroup, account, "pool" + p,
                        new PoolInner().withVmSize("Standard_D2s_v3").withDeploymentConfiguration(ubuntu));
            }
        }
    }
}
