package io.batchform.spec.validate;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.source.Diagnostic;
import io.batchform.source.SourceSpan;
import io.batchform.spec.ApplicationSpec;
import io.batchform.spec.BatchAccountSpec;
import io.batchform.spec.Lifecycle;
import io.batchform.spec.PoolSpec;
import io.batchform.spec.SourceMap;
import io.batchform.spec.Spec;
import io.batchform.spec.StorageAccountSpec;
import io.batchform.spec.VirtualNetworkSpec;
import io.batchform.spec.yaml.YNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Two checks on what the spec's resources are, before any cloud is asked: no two resources resolve to the same Azure
 * resource (every apply would then replace one with the other), and no dependency cycle (explicit {@code dependsOn}
 * together with the references between resources), each reported at every position involved.
 */
final class IdentityCheck {
    /** One dependency, where it is written. */
    private record Edge(Address from, Address to, SourceSpan at) {
    }

    private final Spec spec;
    private final SourceMap sources;
    private final List<Diagnostic> diagnostics;
    private final Set<Address> declared;

    private IdentityCheck(Spec spec, SourceMap sources, List<Diagnostic> diagnostics) {
        this.spec = spec;
        this.sources = sources;
        this.diagnostics = diagnostics;
        this.declared = Validator.declaredAddresses(spec);
    }

    static void check(Spec spec, SourceMap sources, List<Diagnostic> diagnostics) {
        IdentityCheck check = new IdentityCheck(spec, sources, diagnostics);
        check.sameAzureResource();
        check.cycles();
    }

    /**
     * The {@code moved:} entries: each names two addresses of one type, the new one declared in the spec (or moved on
     * by another entry: a chain) and the old one no longer, and no address is moved twice.
     */
    static void moved(YNode.YSeq entries, Spec spec, List<Diagnostic> diagnostics) {
        Set<Address> declared = Validator.declaredAddresses(spec);
        List<String> names = declared.stream().map(Address::toString).toList();
        Set<Address> froms = new java.util.TreeSet<>();
        Set<Address> tos = new java.util.TreeSet<>();
        Set<String> chained = new java.util.TreeSet<>(); // a to that a later entry moves on is not declared
        for (YNode item : entries.items()) {
            if (item instanceof YNode.YMap entry && entry.get("from").orElse(null) instanceof YNode.YScalar from) {
                chained.add(from.value());
            }
        }
        for (YNode item : entries.items()) {
            if (!(item instanceof YNode.YMap entry)) {
                continue; // the schema check reports it
            }
            Address from = address(entry, "from", names, diagnostics);
            Address to = address(entry, "to", names, diagnostics);
            if (from == null || to == null) {
                continue;
            }
            SourceSpan fromAt = entry.get("from").orElseThrow().position();
            SourceSpan toAt = entry.get("to").orElseThrow().position();
            if (from.type() != to.type()) {
                diagnostics.add(Diagnostic.error(toAt, "moved: " + from + " cannot move to " + to
                        + ": a resource keeps its type"));
            } else if (!declared.contains(to) && !chained.contains(to.toString())) {
                diagnostics.add(Diagnostic.error(toAt, "moved: " + to + " is not declared in this spec"
                        + io.batchform.source.Suggestions.suffix(to.toString(), names)));
            } else if (declared.contains(from)) {
                diagnostics.add(Diagnostic.error(fromAt, "moved: " + from + " is still declared in this spec; the "
                        + "old address of a moved resource must be gone from it"));
            }
            if (!froms.add(from)) {
                diagnostics.add(Diagnostic.error(fromAt, "moved: " + from + " is moved twice"));
            }
            if (!tos.add(to)) {
                diagnostics.add(Diagnostic.error(toAt, "moved: two resources move to " + to));
            }
        }
    }

    private static Address address(YNode.YMap entry, String key, List<String> names, List<Diagnostic> diagnostics) {
        YNode node = entry.get(key).orElse(null);
        if (!(node instanceof YNode.YScalar scalar)) {
            return null; // the schema check reports it
        }
        try {
            return Address.parse(scalar.value());
        } catch (IllegalArgumentException e) {
            diagnostics.add(Diagnostic.error(scalar.position(), "moved: " + e.getMessage()
                    + io.batchform.source.Suggestions.suffix(scalar.value(), names)));
            return null;
        }
    }

    // --- two resources, one Azure resource ---

    private void sameAzureResource() {
        Map<String, List<Address>> byIdentity = new TreeMap<>();
        Map<String, String> described = new TreeMap<>();
        for (StorageAccountSpec s : spec.storageAccounts().values()) {
            // Storage account names are global: two accounts of one name are one account.
            String name = nameOr(s.name(), s.key());
            claim(byIdentity, described, "storageAccount/" + name, Address.of(ResourceType.STORAGE_ACCOUNT, s.key()),
                    "the storage account '" + name + "'");
        }
        for (VirtualNetworkSpec v : spec.virtualNetworks().values()) {
            String name = nameOr(v.name(), v.key());
            claim(byIdentity, described, "virtualNetwork/" + name, Address.of(ResourceType.VIRTUAL_NETWORK, v.key()),
                    "the virtual network '" + name + "'");
            for (VirtualNetworkSpec.SubnetSpec s : v.subnets().values()) {
                String subnet = nameOr(s.name(), s.key());
                claim(byIdentity, described, "subnet/" + name + "/" + subnet,
                        Address.of(ResourceType.SUBNET, v.key(), s.key()),
                        "the subnet '" + subnet + "' of the virtual network '" + name + "'");
            }
        }
        for (BatchAccountSpec b : spec.batchAccounts().values()) {
            String name = nameOr(b.name(), b.key());
            claim(byIdentity, described, "batchAccount/" + name, Address.of(ResourceType.BATCH_ACCOUNT, b.key()),
                    "the Batch account '" + name + "'");
        }
        for (PoolSpec p : spec.pools().values()) {
            String account = accountName(p.account());
            String name = nameOr(p.name(), p.key());
            claim(byIdentity, described, "pool/" + account + "/" + name, Address.of(ResourceType.POOL, p.key()),
                    "the pool '" + name + "' of the Batch account '" + account + "'");
        }
        for (ApplicationSpec a : spec.applications().values()) {
            String account = accountName(a.account());
            String name = nameOr(a.name(), a.key());
            claim(byIdentity, described, "application/" + account + "/" + name,
                    Address.of(ResourceType.APPLICATION, a.key()),
                    "the application '" + name + "' of the Batch account '" + account + "'");
        }
        byIdentity.forEach((identity, addresses) -> {
            if (addresses.size() < 2) {
                return;
            }
            for (Address address : addresses) {
                List<String> others = addresses.stream().filter(a -> !a.equals(address)).map(Address::toString).toList();
                diagnostics.add(Diagnostic.error(sources.position(address, "name"), address + " and "
                        + String.join(", ", others) + " are both " + described.get(identity) + ": every apply "
                        + "would replace one with the other; give each its own name"));
            }
        });
    }

    private static void claim(Map<String, List<Address>> byIdentity, Map<String, String> described, String identity,
                              Address address, String description) {
        String key = identity.toLowerCase(Locale.ROOT);
        byIdentity.computeIfAbsent(key, k -> new ArrayList<>()).add(address);
        described.putIfAbsent(key, description);
    }

    private String accountName(String account) {
        if (account == null) {
            return "";
        }
        if (Validator.external(account)) {
            return account.substring(account.lastIndexOf('/') + 1);
        }
        BatchAccountSpec declaredAccount = spec.batchAccounts().get(account);
        return declaredAccount == null ? account : nameOr(declaredAccount.name(), declaredAccount.key());
    }

    private static String nameOr(String name, String key) {
        return name != null ? name : key;
    }

    // --- dependency cycles ---

    private void cycles() {
        Map<Address, List<Edge>> edges = new TreeMap<>();
        spec.storageAccounts().values().forEach(s -> explicit(edges, Address.of(ResourceType.STORAGE_ACCOUNT, s.key()),
                s.lifecycle()));
        for (VirtualNetworkSpec v : spec.virtualNetworks().values()) {
            Address network = Address.of(ResourceType.VIRTUAL_NETWORK, v.key());
            explicit(edges, network, v.lifecycle());
            for (VirtualNetworkSpec.SubnetSpec s : v.subnets().values()) {
                Address subnet = Address.of(ResourceType.SUBNET, v.key(), s.key());
                explicit(edges, subnet, s.lifecycle());
                implicit(edges, subnet, network, sources.keyPosition(subnet, ""));
            }
        }
        for (BatchAccountSpec b : spec.batchAccounts().values()) {
            Address account = Address.of(ResourceType.BATCH_ACCOUNT, b.key());
            explicit(edges, account, b.lifecycle());
            if (b.autoStorage() != null && b.autoStorage().storageAccount() != null) {
                implicit(edges, account, Address.of(ResourceType.STORAGE_ACCOUNT, b.autoStorage().storageAccount()),
                        sources.position(account, "autoStorage.storageAccount"));
            }
        }
        for (PoolSpec p : spec.pools().values()) {
            Address pool = Address.of(ResourceType.POOL, p.key());
            explicit(edges, pool, p.lifecycle());
            reference(edges, pool, ResourceType.BATCH_ACCOUNT, p.account(), "account");
            if (p.subnet() != null && !Validator.external(p.subnet()) && p.subnet().contains(".")) {
                String[] parts = p.subnet().split("\\.", 2);
                implicit(edges, pool, Address.of(ResourceType.SUBNET, parts[0], parts[1]), sources.position(pool, "subnet"));
            }
            for (int i = 0; i < p.applicationPackages().size(); i++) {
                reference(edges, pool, ResourceType.APPLICATION, p.applicationPackages().get(i).application(),
                        "applicationPackages[" + i + "].application");
            }
            for (int i = 0; i < p.certificates().size(); i++) {
                reference(edges, pool, ResourceType.CERTIFICATE, p.certificates().get(i).certificate(),
                        "certificates[" + i + "].certificate");
            }
        }
        spec.certificates().values().forEach(c -> {
            Address certificate = Address.of(ResourceType.CERTIFICATE, c.key());
            explicit(edges, certificate, c.lifecycle());
            reference(edges, certificate, ResourceType.BATCH_ACCOUNT, c.account(), "account");
        });
        for (ApplicationSpec a : spec.applications().values()) {
            Address application = Address.of(ResourceType.APPLICATION, a.key());
            explicit(edges, application, a.lifecycle());
            reference(edges, application, ResourceType.BATCH_ACCOUNT, a.account(), "account");
            for (ApplicationSpec.PackageSpec pkg : a.packages().values()) {
                Address version = Address.of(ResourceType.APPLICATION_PACKAGE, a.key(), pkg.version());
                explicit(edges, version, pkg.lifecycle());
                implicit(edges, version, application, sources.keyPosition(version, ""));
            }
        }
        reportCycles(edges);
    }

    private void explicit(Map<Address, List<Edge>> edges, Address from, Lifecycle lifecycle) {
        for (int i = 0; i < lifecycle.dependsOn().size(); i++) {
            try {
                Address to = Address.parse(lifecycle.dependsOn().get(i));
                if (!to.equals(from)) { // depending on itself is reported where dependsOn is checked
                    implicit(edges, from, to, sources.position(from, "dependsOn[" + i + "]"));
                }
            } catch (IllegalArgumentException unparsable) {
                // reported where dependsOn is checked
            }
        }
    }

    private void reference(Map<Address, List<Edge>> edges, Address from, ResourceType type, String key, String path) {
        if (key != null && !Validator.external(key)) {
            implicit(edges, from, Address.of(type, key), sources.position(from, path));
        }
    }

    private void implicit(Map<Address, List<Edge>> edges, Address from, Address to, SourceSpan at) {
        if (declared.contains(to)) {
            edges.computeIfAbsent(from, k -> new ArrayList<>()).add(new Edge(from, to, at));
        }
    }

    /** Finds each cycle once (depth first, in address order) and reports it at every edge on it. */
    private void reportCycles(Map<Address, List<Edge>> edges) {
        Map<Address, Integer> state = new TreeMap<>(); // 1 on the current path, 2 done
        for (Address start : edges.keySet()) {
            if (!state.containsKey(start)) {
                visit(start, edges, state, new LinkedHashMap<>());
            }
        }
    }

    private void visit(Address node, Map<Address, List<Edge>> edges, Map<Address, Integer> state,
                       LinkedHashMap<Address, Edge> path) {
        state.put(node, 1);
        for (Edge edge : edges.getOrDefault(node, List.of())) {
            Integer seen = state.get(edge.to());
            if (seen == null) {
                path.put(node, edge);
                visit(edge.to(), edges, state, path);
                path.remove(node);
            } else if (seen == 1) {
                List<Edge> cycle = new ArrayList<>();
                boolean on = false;
                for (Map.Entry<Address, Edge> step : path.entrySet()) {
                    on = on || step.getKey().equals(edge.to());
                    if (on) {
                        cycle.add(step.getValue());
                    }
                }
                cycle.add(edge);
                report(cycle);
            }
        }
        state.put(node, 2);
    }

    private void report(List<Edge> cycle) {
        List<String> names = new ArrayList<>();
        cycle.forEach(e -> names.add(e.from().toString()));
        names.add(cycle.get(0).from().toString());
        String loop = String.join(" -> ", names);
        for (Edge edge : cycle) {
            diagnostics.add(Diagnostic.error(edge.at(), "dependency cycle: " + loop + " (" + edge.from()
                    + " depends on " + edge.to() + " here); no order can create them, remove one dependsOn"));
        }
    }
}
