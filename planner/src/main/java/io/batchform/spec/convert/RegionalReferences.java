package io.batchform.spec.convert;

import io.batchform.provider.Attributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The references a pool makes to the spec's own storage accounts, made region-local: in a standby region a resource
 * file URL {@code https://<primary>.blob.core.windows.net/...}, a blob or file share mount's {@code accountName} and
 * {@code azureFileUrl}, all name the region's own storage account instead of the primary's. What cannot be made
 * region-local (an account the spec does not declare, an NFS or CIFS server, a container registry) is left as
 * written, and {@link #references} lists it for the readiness check.
 */
public final class RegionalReferences {
    /** A storage endpoint: the account name and the service ({@code blob}, {@code file}, {@code dfs}...). */
    public static final Pattern STORAGE_URL = Pattern.compile(
            "https://([a-z0-9]{3,24})\\.(blob|file|dfs|queue|table)\\.core\\.windows\\.net", Pattern.CASE_INSENSITIVE);

    private RegionalReferences() {
    }

    /** {@code pool}'s attributes with every storage account of {@code names} (primary name to regional) replaced. */
    static Attributes regionalise(Attributes pool, Map<String, String> names) {
        if (names.isEmpty()) {
            return pool;
        }
        Map<String, String> lower = new TreeMap<>();
        names.forEach((from, to) -> lower.put(from.toLowerCase(Locale.ROOT), to));
        @SuppressWarnings("unchecked")
        Map<String, Object> rewritten = (Map<String, Object>) rewrite("", pool.values(), lower);
        return Attributes.of(rewritten);
    }

    private static Object rewrite(String key, Object value, Map<String, String> names) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k.toString(), rewrite(k.toString(), v, names)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(rewrite(key, v, names)));
            return out;
        }
        if (value instanceof String text) {
            if (key.equals("accountName")) {
                return names.getOrDefault(text.toLowerCase(Locale.ROOT), text);
            }
            Matcher m = STORAGE_URL.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String to = names.get(m.group(1).toLowerCase(Locale.ROOT));
                m.appendReplacement(out, Matcher.quoteReplacement(to == null ? m.group()
                        : "https://" + to + "." + m.group(2) + ".core.windows.net"));
            }
            m.appendTail(out);
            return out.toString();
        }
        return value;
    }

    /** What a pool refers to outside itself, by kind, with the attribute path it is written at. */
    public enum Kind {
        /** A storage account, by URL or account name. */
        STORAGE,
        /** An NFS or CIFS server (a mount's {@code source}). */
        FILE_SERVER,
        /** A container registry ({@code registryServer}). */
        REGISTRY
    }

    /** One reference: its kind, the attribute path, and what it names (an account name, a server, a registry). */
    public record Reference(Kind kind, String path, String target) {
    }

    /** Every storage account, file server and registry {@code pool} refers to. */
    public static List<Reference> references(Attributes pool) {
        List<Reference> found = new ArrayList<>();
        walk("", pool.values(), (path, text) -> {
            String leaf = path.substring(path.lastIndexOf('.') + 1);
            if (leaf.equals("accountName")) {
                found.add(new Reference(Kind.STORAGE, path, text.toLowerCase(Locale.ROOT)));
            } else if (leaf.equals("registryServer")) {
                found.add(new Reference(Kind.REGISTRY, path, text));
            } else if (leaf.equals("source") && (path.endsWith(".nfs.source") || path.endsWith(".cifs.source"))) {
                found.add(new Reference(Kind.FILE_SERVER, path, text));
            } else {
                Matcher m = STORAGE_URL.matcher(text);
                while (m.find()) {
                    found.add(new Reference(Kind.STORAGE, path, m.group(1).toLowerCase(Locale.ROOT)));
                }
            }
        });
        return found;
    }

    /**
     * What a pool reads that batchform does not copy between regions, one line each: the blobs and containers of
     * its resource files and mounts (in the region's own accounts once regionalised), the containers of the
     * auto-storage account, the container images it pulls. Sorted, without repeats.
     */
    public static List<String> toReplicate(Attributes pool) {
        java.util.Set<String> items = new java.util.TreeSet<>();
        Map<String, String> accounts = new TreeMap<>(); // per mount (path prefix), its account name
        walk("", pool.values(), (path, text) -> {
            if (path.endsWith(".accountName")) {
                accounts.put(path.substring(0, path.lastIndexOf('.')), text);
            }
        });
        walk("", pool.values(), (path, text) -> {
            String leaf = path.substring(path.lastIndexOf('.') + 1);
            Matcher url = STORAGE_URL.matcher(text);
            if (url.find()) {
                items.add(url.group(2) + " " + text.substring(url.start()).replaceFirst("^https://", "")
                        .replaceFirst("\\?.*$", ""));
            } else if (leaf.equals("autoStorageContainerName")) {
                items.add("container " + text + " of the Batch account's auto-storage account");
            } else if (leaf.equals("containerName") && path.contains("azureBlobFileSystem")) {
                items.add("blob container " + accounts.get(path.substring(0, path.lastIndexOf('.'))) + "/" + text);
            } else if (path.contains("containerImageNames[")) {
                items.add("image " + text);
            }
        });
        return List.copyOf(items);
    }

    private static void walk(String path, Object value, BiConsumer<String, String> visit) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(path.isEmpty() ? k.toString() : path + "." + k, v, visit));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(path + "[" + i + "]", list.get(i), visit);
            }
        } else if (value instanceof String text) {
            visit.accept(path, text);
        }
    }
}
