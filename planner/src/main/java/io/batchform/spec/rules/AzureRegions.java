package io.batchform.spec.rules;

import io.batchform.source.Region;
import io.batchform.source.Suggestions;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Azure regions a {@code location} may name. Public cloud: the 60 physical regions of an
 * {@code az account list-locations} dump (Azure/karpenter-provider-azure {@code pkg/fake/locations.json}, as of commit
 * 4185d876b47195a9d280511d021d721160f8dbd3, 2026-04-02). Sovereign clouds: Azure Government and Azure operated by
 * 21Vianet (China), as Microsoft names their regions. A region Azure adds later is refused until it is listed here.
 */
public final class AzureRegions {
    /** Canonical names (lower case, no spaces). */
    public static final Set<String> KNOWN = Set.of(
            "australiacentral", "australiacentral2", "australiaeast", "australiasoutheast", "austriaeast",
            "belgiumcentral", "brazilsouth", "brazilsoutheast", "canadacentral", "canadaeast", "centralindia",
            "centralus", "centraluseuap", "chilecentral", "denmarkeast", "eastasia", "eastus", "eastus2",
            "eastus2euap", "francecentral", "francesouth", "germanynorth", "germanywestcentral",
            "indonesiacentral", "israelcentral", "italynorth", "japaneast", "japanwest", "jioindiacentral",
            "jioindiawest", "koreacentral", "koreasouth", "malaysiawest", "mexicocentral", "newzealandnorth",
            "northcentralus", "northeurope", "norwayeast", "norwaywest", "polandcentral", "qatarcentral",
            "southafricanorth", "southafricawest", "southcentralus", "southeastasia", "southindia",
            "spaincentral", "swedencentral", "switzerlandnorth", "switzerlandwest", "uaecentral", "uaenorth",
            "uksouth", "ukwest", "westcentralus", "westeurope", "westindia", "westus", "westus2", "westus3",
            "usgovvirginia", "usgovtexas", "usgovarizona", "usdodeast", "usdodcentral",
            "chinaeast", "chinaeast2", "chinaeast3", "chinanorth", "chinanorth2", "chinanorth3");

    private AzureRegions() {
    }

    /** Why {@code location} is not an Azure region, or empty when it is one (written either way: West Europe). */
    public static Optional<String> problem(String location) {
        if (location == null || KNOWN.contains(Region.canonical(location))) {
            return Optional.empty();
        }
        return Optional.of("'" + location + "' is not an Azure region" + Suggestions.suffix(Region.canonical(location),
                new TreeSet<>(KNOWN)) + " (az account list-locations names them; westeurope, eastus, ...)");
    }
}
