package io.batchform.azure.resource;

import io.batchform.provider.ComputeNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pool's compute nodes, from the Batch data plane of its account: {@code GET {accountEndpoint}/pools/{poolId}/nodes}
 * at {@value BatchServiceJson#API_VERSION} ({@code Nodes_ListNodes}), with a {@code $select} of what a drill reads
 * (id, state, isDedicated, startTaskInfo) and every page ({@code odata.nextLink}). Signed as job schedules' reads are
 * ({@link DataPlaneAccounts#read}).
 */
public final class PoolNodes {
    /** The node properties read (a {@code $select} the service answers with only these). */
    static final String SELECT = "id,state,isDedicated,startTaskInfo";

    private final DataPlaneAccounts dataPlane;

    public PoolNodes(AzureClients azure) {
        this.dataPlane = new DataPlaneAccounts(azure);
    }

    /** The nodes of the pool with this ARM id ({@code <batchAccount id>/pools/<name>}), as the service lists them. */
    public List<ComputeNode> read(String poolId) {
        String trimmed = poolId.replaceFirst("/+$", "");
        int at = trimmed.toLowerCase(java.util.Locale.ROOT).lastIndexOf("/pools/");
        if (at < 0) {
            throw new IllegalArgumentException("'" + poolId + "' is not a pool id");
        }
        DataPlaneAccounts.Account account = dataPlane.account(trimmed.substring(0, at));
        String name = trimmed.substring(at + "/pools/".length());
        List<Map<String, Object>> nodes = dataPlane.read(account, client -> client.list("/pools/" + name + "/nodes",
                Map.of("$select", SELECT)));
        List<ComputeNode> out = new ArrayList<>();
        for (Map<String, Object> node : nodes) {
            out.add(node(node));
        }
        return out;
    }

    /** One {@code BatchNode} (of the properties selected) as the planner's {@link ComputeNode}. */
    static ComputeNode node(Map<String, Object> node) {
        Optional<ComputeNode.StartTask> startTask = Optional.empty();
        if (node.get("startTaskInfo") instanceof Map<?, ?> info) {
            Map<?, ?> failure = info.get("failureInfo") instanceof Map<?, ?> f ? f : Map.of();
            startTask = Optional.of(new ComputeNode.StartTask(text(info.get("state")), text(info.get("result")),
                    info.get("exitCode") instanceof Number n ? n.intValue() : null, text(failure.get("code")),
                    text(failure.get("message")), info.get("retryCount") instanceof Number r ? r.intValue() : 0));
        }
        return new ComputeNode(text(node.get("id")), text(node.get("state")),
                !Boolean.FALSE.equals(node.get("isDedicated")), startTask);
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
