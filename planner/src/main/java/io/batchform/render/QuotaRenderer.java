package io.batchform.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.quota.QuotaReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A quota report as a table per account (needed, quota, headroom) and as JSON. */
public final class QuotaRenderer {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private QuotaRenderer() {
    }

    public static String human(QuotaReport report, Style style) {
        return style.bold("Quotas") + " (what the pools can demand at their largest, against each account's quota):\n\n"
                + rows(report, style);
    }

    /** The tables of {@link #human} without the heading. */
    public static String rows(QuotaReport report, Style style) {
        StringBuilder out = new StringBuilder();
        Map<String, List<QuotaReport.Row>> byAccount = new LinkedHashMap<>();
        report.rows().forEach(r -> byAccount.computeIfAbsent(r.account(), k -> new java.util.ArrayList<>()).add(r));
        int width = report.rows().stream().mapToInt(r -> r.quota().length()).max().orElse(10);
        boolean unknown = false;
        for (List<QuotaReport.Row> rows : byAccount.values()) {
            QuotaReport.Row first = rows.get(0);
            out.append("  ").append(first.account()).append("  ").append(first.accountName()).append("  ")
                    .append(first.region()).append(first.live() == null ? "  (not created yet)" : "").append('\n');
            out.append("    ").append(pad("", width)).append(left("needed", 8)).append(left("quota", 9))
                    .append(left("headroom", 10)).append('\n');
            for (QuotaReport.Row row : rows) {
                unknown |= row.limit() == null;
                String line = "    " + pad(row.quota(), width) + left(row.needed() + (row.atLeast() ? "+" : ""), 8)
                        + left(row.limit() == null ? "?" : row.limit().toString(), 9)
                        + left(row.headroom() == null ? "?" : row.headroom().toString(), 10)
                        + (row.isShort() ? "  short by " + (row.atLeast() ? "at least " : "") + (row.needed() - row.limit())
                        : "");
                out.append(row.isShort() ? style.action(io.batchform.plan.Action.DELETE, line) : line).append('\n');
            }
            out.append('\n');
        }
        for (QuotaReport.RegionRow region : report.regions()) {
            out.append("  Batch accounts in ").append(region.region()).append(": ").append(region.needed())
                    .append(region.created() > 0 ? " (" + region.created() + " new)" : "").append(" of ")
                    .append(region.quota() == null ? "?" : region.quota().toString())
                    .append(region.isShort() ? "  short by " + (region.needed() - region.quota()) : "").append('\n');
        }
        boolean unknownCompute = subscription(report, style, out);
        if (!report.notOffered().isEmpty()) {
            out.append("\n  VM sizes Batch does not offer in their region:\n");
            report.notOffered().forEach(n -> out.append("    ").append(n.pool()).append("  ").append(n.vmSize())
                    .append(" in ").append(n.region()).append('\n'));
        }
        if (unknownCompute) {
            out.append("\n  ? = unknown: the subscription's Compute usages in the region could not be read.\n");
        }
        if (unknown) {
            out.append("\n  ? = unknown: the account does not exist yet and its quotas: do not state this one. New accounts "
                    + "get 0 to 900 dedicated cores depending on region and subscription; declare what you need.\n");
        }
        List<String> unbounded = report.unboundedPools();
        if (!unbounded.isEmpty()) {
            out.append("\n  + = at least: ").append(String.join(", ", unbounded)).append(unbounded.size() == 1 ? " has" : " have")
                    .append(" a formula with no bound and no maxNodes, so nobody knows how many cores ")
                    .append(unbounded.size() == 1 ? "it" : "they").append(" can ask for and none are counted; set maxNodes: N.\n");
        }
        return out.toString();
    }

    /**
     * One table per region for the pools of UserSubscription accounts, against the subscription's Compute vCPUs;
     * whether a limit was unknown.
     */
    private static boolean subscription(QuotaReport report, Style style, StringBuilder out) {
        Map<String, List<QuotaReport.SubscriptionRow>> byRegion = new LinkedHashMap<>();
        report.subscription().forEach(r -> byRegion.computeIfAbsent(r.region(), k -> new java.util.ArrayList<>()).add(r));
        int width = report.subscription().stream().mapToInt(r -> r.quota().length()).max().orElse(10);
        boolean unknown = false;
        for (List<QuotaReport.SubscriptionRow> rows : byRegion.values()) {
            QuotaReport.SubscriptionRow first = rows.get(0);
            out.append("\n  Subscription vCPUs in ").append(first.region()).append(" (UserSubscription: ")
                    .append(String.join(", ", first.accounts())).append(")\n");
            out.append("    ").append(pad("", width)).append(left("needed", 8)).append(left("quota", 9))
                    .append(left("elsewhere", 11)).append(left("headroom", 10)).append('\n');
            for (QuotaReport.SubscriptionRow row : rows) {
                unknown |= row.limit() == null;
                String line = "    " + pad(row.quota(), width) + left(row.needed() + (row.atLeast() ? "+" : ""), 8)
                        + left(row.limit() == null ? "?" : row.limit().toString(), 9)
                        + left(row.usedElsewhere() == null ? "?" : row.usedElsewhere().toString(), 11)
                        + left(row.headroom() == null ? "?" : row.headroom().toString(), 10)
                        + (row.isShort() ? "  short by " + (row.atLeast() ? "at least " : "")
                        + (row.needed() - row.available()) : "");
                out.append(row.isShort() ? style.action(io.batchform.plan.Action.DELETE, line) : line).append('\n');
            }
        }
        return unknown;
    }

    public static String json(QuotaReport report) {
        return json(report, List.of());
    }

    /** The report, and under {@code ifActive} each standby region's accounts as they would be once it is active. */
    public static String json(QuotaReport report, List<QuotaReport> ifActive) {
        ObjectNode root = node(report);
        if (!ifActive.isEmpty()) {
            ObjectNode standby = root.putObject("ifActive");
            ifActive.forEach(r -> standby.set(r.regions().isEmpty() ? "?" : r.regions().get(0).region(), node(r)));
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a quota report always serialises", e);
        }
    }

    private static ObjectNode node(QuotaReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("fits", !report.hasShortfall());
        // false when a pool's demand is unknown: "needed" is then a lower bound.
        root.put("complete", report.unboundedPools().isEmpty());
        ArrayNode unbounded = root.putArray("unboundedPools");
        report.unboundedPools().forEach(unbounded::add);
        ArrayNode rows = root.putArray("accounts");
        for (QuotaReport.Row row : report.rows()) {
            ObjectNode node = rows.addObject();
            node.put("address", row.account());
            node.put("name", row.accountName());
            node.put("region", row.region());
            node.put("quota", row.quota());
            node.put("needed", row.needed());
            node.put("atLeast", row.atLeast());
            put(node, "declared", row.declared());
            put(node, "live", row.live());
            put(node, "headroom", row.headroom());
            node.put("short", row.isShort());
            if (row.isShort()) {
                node.put("raiseBy", row.needed() - row.limit());
                node.put("newLimit", row.needed());
            }
        }
        ArrayNode regions = root.putArray("regions");
        for (QuotaReport.RegionRow region : report.regions()) {
            ObjectNode node = regions.addObject();
            node.put("region", region.region());
            node.put("existingAccounts", region.existing());
            node.put("newAccounts", region.created());
            put(node, "accountQuota", region.quota());
            node.put("short", region.isShort());
        }
        if (!report.subscription().isEmpty()) {
            ArrayNode subscription = root.putArray("subscription");
            for (QuotaReport.SubscriptionRow row : report.subscription()) {
                ObjectNode node = subscription.addObject();
                node.put("region", row.region());
                node.put("quota", row.quota());
                node.put("usage", row.usage());
                ArrayNode accounts = node.putArray("accounts");
                row.accounts().forEach(accounts::add);
                node.put("needed", row.needed());
                node.put("atLeast", row.atLeast());
                put(node, "limit", row.limit());
                put(node, "usedElsewhere", row.usedElsewhere());
                put(node, "headroom", row.headroom());
                node.put("short", row.isShort());
                if (row.isShort()) {
                    node.put("raiseBy", row.needed() - row.available());
                    node.put("newLimit", row.newLimit());
                }
            }
        }
        if (!report.notOffered().isEmpty()) {
            ArrayNode offered = root.putArray("vmSizesNotOffered");
            report.notOffered().forEach(n -> offered.addObject().put("pool", n.pool()).put("region", n.region())
                    .put("vmSize", n.vmSize()));
        }
        root.set("diagnostics", DiagnosticJson.array(report.diagnostics()));
        return root;
    }

    private static void put(ObjectNode node, String key, Long value) {
        if (value == null) {
            node.putNull(key);
        } else {
            node.put(key, value);
        }
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }

    private static String left(String text, int width) {
        return " ".repeat(Math.max(1, width - text.length())) + text;
    }
}
