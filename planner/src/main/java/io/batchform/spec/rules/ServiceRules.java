package io.batchform.spec.rules;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rule table: what the Azure Batch service refuses or stops supporting, each rule with its source. Dates are
 * compared with {@link #today()}: a node agent past its end of life is an error, one within {@link #WARN_MONTHS}
 * months of it a warning, both naming the date and the supported successor. The README's "Service rules" section
 * lists the same table for people.
 */
public final class ServiceRules {
    /** How long before an end-of-life date a warning is given. */
    public static final int WARN_MONTHS = 6;
    /** A system property that fixes {@link #today()} (tests set it so that diagnostics do not change by date). */
    public static final String TODAY_PROPERTY = "batchform.today";

    /** A retired feature: the message says what replaces it; the source is where the retirement is announced. */
    public record Retirement(String feature, LocalDate retired, String message, String source) {
    }

    /** A node agent's end of support and its successor. */
    public record AgentLife(String agent, LocalDate endOfLife, String successor, String source) {
    }

    /** Marketplace images whose publisher, offer and sku match run on {@code agent}. */
    public record ImageFamily(String publisher, Pattern offer, Pattern sku, String agent, String source) {
        boolean matches(String publisher, String offer, String sku) {
            return publisher != null && offer != null && sku != null && this.publisher.equalsIgnoreCase(publisher)
                    && this.offer.matcher(offer.toLowerCase(Locale.ROOT)).matches()
                    && this.sku.matcher(sku.toLowerCase(Locale.ROOT)).matches();
        }
    }

    public static final Retirement CERTIFICATES = new Retirement("certificates", LocalDate.of(2024, 2, 29),
            "Batch account certificates were retired on 2024-02-29 and the service refuses them "
                    + "(CertificateRetired); install certificates on the nodes with the Azure Key Vault VM extension "
                    + "(KeyVaultForLinux or KeyVaultForWindows) and a user-assigned identity instead "
                    + "(https://learn.microsoft.com/azure/batch/batch-certificate-migration-guide); "
                    + "'batchform migrate certificates' prints the YAML that replaces them",
            "https://learn.microsoft.com/azure/batch/batch-certificate-migration-guide; service error "
                    + "CertificateRetired (hashicorp/terraform-provider-azurerm#29441)");
    public static final Retirement CLOUD_SERVICES = new Retirement("cloudServiceConfiguration", LocalDate.of(2024, 2, 29),
            "Cloud Services pools (cloudServiceConfiguration) were retired on 2024-02-29: use image and nodeAgentSkuId "
                    + "(a virtual machine configuration)",
            "https://azure.microsoft.com/updates/azure-batch-cloudserviceconfiguration-pools-will-be-retired-on-29-february-2024/");
    public static final Retirement APPLICATION_LICENSES = new Retirement("applicationLicenses", LocalDate.of(2024, 2, 29),
            "application licenses were retired on 2024-02-29: install licensed software with an application package "
                    + "or the start task",
            "service error text quoted in Azure/azure-sdk-for-net#44857");
    public static final Retirement CLASSIC_COMMUNICATION = new Retirement("targetNodeCommunicationMode",
            LocalDate.of(2026, 3, 31), "the classic node communication mode was retired on 2026-03-31: every pool "
                    + "uses simplified communication (outbound 443 only); write targetNodeCommunicationMode: Simplified, "
                    + "or leave it out",
            "https://learn.microsoft.com/azure/batch/simplified-compute-node-communication");
    public static final Retirement LOW_PRIORITY = new Retirement("targetLowPriorityNodes", LocalDate.of(2025, 9, 30),
            "low-priority nodes were retired on 2025-09-30: a pool in a Batch-service account can no longer get "
                    + "them; use Spot nodes (targetLowPriorityNodes in an account with poolAllocationMode: "
                    + "UserSubscription) or dedicated nodes",
            "https://learn.microsoft.com/azure/batch/low-priority-vms-retirement-migration-guide");

    /** The published pool size limits. */
    public static final String POOL_SIZE_LIMITS = "Pool size limits, https://learn.microsoft.com/azure/batch/"
            + "batch-quota-limit";
    /** The most nodes a pool with inter-node communication holds in a Batch-service account (pool size limits). */
    public static final long INTER_NODE_COMMUNICATION_NODES = 100;

    /** Every retired feature, in the order the README lists them. */
    public static final List<Retirement> RETIREMENTS = List.of(CERTIFICATES, CLOUD_SERVICES, APPLICATION_LICENSES,
            CLASSIC_COMMUNICATION, LOW_PRIORITY);

    private static final String UBUNTU_SUCCESSOR = "batch.node.ubuntu 24.04";
    private static final String RETIRED_AGENTS = "https://github.com/Azure/Batch/issues/180 (no new pools after "
            + "2024-12-31)";

    /** Node agents with an announced end of support. */
    public static final List<AgentLife> AGENTS = List.of(
            new AgentLife("batch.node.ubuntu 14.04", LocalDate.of(2019, 8, 1), UBUNTU_SUCCESSOR,
                    "https://github.com/Azure/Batch/issues/61"),
            new AgentLife("batch.node.ubuntu 16.04", LocalDate.of(2021, 5, 21), UBUNTU_SUCCESSOR,
                    "https://github.com/Azure/Batch/issues/106"),
            new AgentLife("batch.node.ubuntu 18.04", LocalDate.of(2023, 5, 30), UBUNTU_SUCCESSOR,
                    "https://github.com/Azure/Batch/issues/152"),
            new AgentLife("batch.node.ubuntu 20.04", LocalDate.of(2025, 4, 23), UBUNTU_SUCCESSOR,
                    "https://github.com/Azure/Batch/issues/174"),
            new AgentLife("batch.node.ubuntu 22.04", LocalDate.of(2027, 6, 30), UBUNTU_SUCCESSOR,
                    "https://github.com/Azure/Batch/issues/200"),
            new AgentLife("batch.node.centos 7", LocalDate.of(2024, 12, 31), "batch.node.el 9", RETIRED_AGENTS),
            new AgentLife("batch.node.centos 8", LocalDate.of(2024, 12, 31), "batch.node.el 9", RETIRED_AGENTS),
            new AgentLife("batch.node.debian 8", LocalDate.of(2024, 12, 31), UBUNTU_SUCCESSOR, RETIRED_AGENTS),
            new AgentLife("batch.node.debian 9", LocalDate.of(2024, 12, 31), UBUNTU_SUCCESSOR, RETIRED_AGENTS),
            new AgentLife("batch.node.debian 10", LocalDate.of(2024, 12, 31), UBUNTU_SUCCESSOR, RETIRED_AGENTS));

    /** Which agent runs which marketplace image: a pool whose agent differs fails to create. */
    public static final List<ImageFamily> IMAGES = List.of(
            image("canonical", "ubuntuserver", "14\\.04.*", "batch.node.ubuntu 14.04"),
            image("canonical", "ubuntuserver", "16\\.04.*", "batch.node.ubuntu 16.04"),
            image("canonical", "ubuntuserver", "18\\.04.*", "batch.node.ubuntu 18.04"),
            image("canonical", "0001-com-ubuntu-server-focal", "20_04.*", "batch.node.ubuntu 20.04"),
            image("canonical", "0001-com-ubuntu-server-jammy", "22_04.*", "batch.node.ubuntu 22.04"),
            image("canonical", "ubuntu-24_04-lts", ".*", "batch.node.ubuntu 24.04"),
            image("microsoft-azure-batch", "ubuntu-server-container(-rdma)?", "20-04.*", "batch.node.ubuntu 20.04"),
            image("microsoft-dsvm", "ubuntu-2004", ".*", "batch.node.ubuntu 20.04"),
            image("microsoft-dsvm", "ubuntu-hpc", "2004.*", "batch.node.ubuntu 20.04"),
            image("microsoft-dsvm", "ubuntu-hpc", "2204.*", "batch.node.ubuntu 22.04"),
            image("openlogic", "centos", "7.*", "batch.node.centos 7"),
            image("microsoftwindowsserver", "windowsserver", ".*", "batch.node.windows amd64"));

    private static ImageFamily image(String publisher, String offer, String sku, String agent) {
        return new ImageFamily(publisher, Pattern.compile(offer), Pattern.compile(sku), agent,
                "Account - List Supported Images (nodeAgentSKUId per image), "
                        + "https://learn.microsoft.com/rest/api/batchservice/account/list-supported-images");
    }

    private ServiceRules() {
    }

    /** The date rules are checked on: {@value #TODAY_PROPERTY} when set (YYYY-MM-DD), else today in UTC. */
    public static LocalDate today() {
        String fixed = System.getProperty(TODAY_PROPERTY);
        if (fixed != null && !fixed.isBlank()) {
            try {
                return LocalDate.parse(fixed.strip());
            } catch (DateTimeParseException e) {
                // An unreadable override is ignored: the real date is the safe reading.
            }
        }
        return LocalDate.now(ZoneOffset.UTC);
    }

    /** What the table says about a node agent on {@code today}. */
    public sealed interface AgentFinding {
        AgentLife life();

        String message();
    }

    public record PastEndOfLife(AgentLife life) implements AgentFinding {
        @Override
        public String message() {
            return "node agent '" + life.agent() + "' reached its end of support on " + life.endOfLife()
                    + ": new pools and resizes fail; use " + life.successor() + " with a matching image (source: "
                    + life.source() + ")";
        }
    }

    public record NearEndOfLife(AgentLife life) implements AgentFinding {
        @Override
        public String message() {
            return "node agent '" + life.agent() + "' reaches its end of support on " + life.endOfLife()
                    + ": move to " + life.successor() + " with a matching image before then (source: "
                    + life.source() + ")";
        }
    }

    /** The end-of-life finding for {@code agent} on {@code today}, if it has one yet. */
    public static Optional<AgentFinding> agent(String agent, LocalDate today) {
        if (agent == null) {
            return Optional.empty();
        }
        for (AgentLife life : AGENTS) {
            if (life.agent().equalsIgnoreCase(agent.strip())) {
                if (today.isAfter(life.endOfLife())) {
                    return Optional.of(new PastEndOfLife(life));
                }
                if (!today.isBefore(life.endOfLife().minusMonths(WARN_MONTHS))) {
                    return Optional.of(new NearEndOfLife(life));
                }
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The agent a marketplace image runs on, when the table knows the image. */
    public static Optional<ImageFamily> imageFamily(String publisher, String offer, String sku) {
        return IMAGES.stream().filter(f -> f.matches(publisher, offer, sku)).findFirst();
    }
}
