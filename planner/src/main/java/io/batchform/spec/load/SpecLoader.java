package io.batchform.spec.load;

import io.batchform.source.Diagnostic;
import io.batchform.source.Source;
import io.batchform.source.SourceSpan;
import io.batchform.source.Suggestions;
import io.batchform.spec.Spec;
import io.batchform.spec.load.Binder.Sourced;
import io.batchform.spec.schema.ShapeChecker;
import io.batchform.spec.schema.SpecSchema;
import io.batchform.spec.validate.Validator;
import io.batchform.spec.yaml.Interpolator;
import io.batchform.spec.yaml.YNode.ScalarKind;
import io.batchform.spec.yaml.YNode.YMap;
import io.batchform.spec.yaml.YNode.YScalar;
import io.batchform.spec.yaml.YNode;
import io.batchform.spec.yaml.YamlReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Loads a spec: reads one file, several, or every {@code *.yaml}/{@code *.yml} of a directory (default
 * {@code batchform.yaml}), resolves variables ({@code variables:} defaults, {@code --var} overrides) and
 * {@code ${env.NAME}} lookups, checks the shape, merges the files, builds the typed {@link Spec} and validates it,
 * and binds the {@code outputs:} (whose {@code ${ADDRESS.ATTRIBUTE}} references are left for apply to resolve).
 * Every problem found is returned at once; nothing here throws for bad input.
 */
public final class SpecLoader {
    /** The file read when no path is given. */
    public static final String DEFAULT_FILE = "batchform.yaml";
    /** Resources in a spec, all files together: far more than a subscription's Batch quotas allow. */
    public static final int MAX_RESOURCES = 10_000;
    private static final Set<String> SCALAR_KEYS = Set.of("subscription", "resourceGroup", "location", "failover", "moved");
    private static final List<String> SECTIONS = List.of("storageAccounts", "virtualNetworks", "userAssignedIdentities",
            "batchAccounts", "pools",
            "certificates", "applications", "jobSchedules");

    private SpecLoader() {
    }

    /**
     * Loads and validates a spec.
     *
     * @param paths files or directories; empty means {@code batchform.yaml} in the current directory
     * @param vars  {@code --var} values, by variable name
     * @param env   the environment {@code ${env.NAME}} reads
     */
    public static LoadResult load(List<Path> paths, Map<String, String> vars, Map<String, String> env) {
        return loadIn(paths, List.of(), vars, env, "default", SpecPaths.confined());
    }

    /** As {@link #load(List, Map, Map)}, with {@code workspace} as the value of {@code ${workspace}}. */
    public static LoadResult load(List<Path> paths, Map<String, String> vars, Map<String, String> env,
                                  String workspace) {
        return loadIn(paths, List.of(), vars, env, workspace, SpecPaths.confined());
    }

    /** As {@link #load(List, List, Map, Map, String, List)} without {@code --var-file} files. */
    public static LoadResult load(List<Path> paths, Map<String, String> vars, Map<String, String> env,
                                  String workspace, List<Path> allowed) {
        return loadIn(paths, List.of(), vars, env, workspace, new SpecPaths(allowed));
    }

    /** As {@link #load(List, List, Map, Map, String, List)} without {@code --allow-path} directories. */
    public static LoadResult load(List<Path> paths, List<Path> varFiles, Map<String, String> vars,
                                  Map<String, String> env, String workspace) {
        return loadIn(paths, varFiles, vars, env, workspace, SpecPaths.confined());
    }

    /**
     * As {@link #load(List, Map, Map, String)}, with {@code --var-file} files read first (their values override the
     * defaults, a later file's override an earlier one's, and {@code --var} overrides them all), and where the files
     * the spec names may also be under the directories {@code allowed} ({@code --allow-path}); otherwise only under
     * the directory of the spec file naming them.
     */
    public static LoadResult load(List<Path> paths, List<Path> varFiles, Map<String, String> vars,
                                  Map<String, String> env, String workspace, List<Path> allowed) {
        return loadIn(paths, varFiles, vars, env, workspace, new SpecPaths(allowed));
    }

    private static LoadResult loadIn(List<Path> paths, List<Path> varFiles, Map<String, String> vars,
                                     Map<String, String> env, String workspace, SpecPaths named) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        Map<String, Source> texts = new LinkedHashMap<>();
        List<Path> files = files(paths, diagnostics);
        List<Root> roots = new ArrayList<>();
        for (Path file : files) {
            read(file, diagnostics).ifPresent(text -> {
                texts.put(text.name(), text);
                YamlReader.read(text, diagnostics).ifPresent(node -> {
                    // Diagnostics quote source lines: they see the text with its secrets masked.
                    texts.put(text.name(), SecretMasking.mask(text, node));
                    if (node instanceof YMap map) {
                        roots.add(new Root(map, baseDirectory(file)));
                    } else {
                        diagnostics.add(Diagnostic.error(node.position(),
                                "the spec: expected a map of keys such as pools:, got " + node.kindName()));
                    }
                });
            });
        }
        if (tooManyResources(roots, diagnostics)) {
            // Binding and validating a spec of this size would take long and only add noise.
            Binder empty = new Binder(new ArrayList<>());
            return new LoadResult(empty.bind(Map.of(), Map.of()), empty.sources(), diagnostics, texts);
        }
        List<VarFiles.Assignment> fromFiles = VarFiles.read(varFiles, texts, diagnostics);
        Set<String> unresolved = new TreeSet<>();
        Map<String, Optional<String>> variables = variables(roots, fromFiles, vars, env, workspace, unresolved,
                diagnostics);
        Interpolator interpolator = new Interpolator(variables, unresolved, env, true, diagnostics, workspace);
        Interpolator outputsInterpolator = interpolator.keepingResourceReferences();
        List<YMap> outputSections = new ArrayList<>();
        Map<String, Sourced> scalars = new LinkedHashMap<>();
        Map<String, List<Sourced>> sections = new LinkedHashMap<>();
        Map<String, SourceSpan> declared = new TreeMap<>();
        for (Root root : roots) {
            List<YNode.Entry> entries = new ArrayList<>();
            for (YNode.Entry entry : root.map().entries()) {
                String key = entry.key().value();
                entries.add(key.equals("variables") ? entry : new YNode.Entry(entry.key(),
                        (key.equals("outputs") ? outputsInterpolator : interpolator).apply(entry.value())));
                if (key.equals("outputs") && entries.get(entries.size() - 1).value() instanceof YMap outputs) {
                    outputSections.add(outputs);
                }
            }
            YMap interpolated = new YMap(entries, root.map().position());
            ShapeChecker.check(interpolated, SpecSchema.ROOT, interpolated.position(), "", diagnostics);
            merge(interpolated, root.baseDirectory(), scalars, sections, declared, diagnostics);
        }
        if (!roots.isEmpty()) {
            SourceSpan first = roots.get(0).map().position();
            for (String required : List.of("resourceGroup", "location")) {
                if (!scalars.containsKey(required)) {
                    diagnostics.add(Diagnostic.error(SourceSpan.at(first.source(), 1, 1),
                            "the spec declares no " + required + ": add " + required + ": at the top level"));
                }
            }
        }
        Binder binder = new Binder(diagnostics, named);
        Spec spec = binder.bind(scalars, sections);
        List<io.batchform.spec.OutputSpec> outputs = List.of();
        if (!roots.isEmpty()) {
            Validator.validate(spec, binder.sources(), diagnostics);
            outputs = OutputsBinding.bind(outputSections, spec, diagnostics);
        }
        Map<String, String> values = new TreeMap<>();
        variables.forEach((name, value) -> values.put(name, value.orElse(null)));
        return new LoadResult(spec, binder.sources(), diagnostics, texts, outputs, values);
    }

    private record Root(YMap map, Path baseDirectory) {
    }

    private static Path baseDirectory(Path file) {
        Path parent = file.getParent();
        return parent == null ? Path.of("") : parent;
    }

    private static List<Path> files(List<Path> paths, List<Diagnostic> diagnostics) {
        if (paths.isEmpty()) {
            Path file = Path.of(DEFAULT_FILE);
            if (!Files.isRegularFile(file)) {
                diagnostics.add(Diagnostic.error(SourceSpan.whole(DEFAULT_FILE), "no " + DEFAULT_FILE
                        + " in the current directory: pass -f FILE or -f DIRECTORY"));
                return List.of();
            }
            return List.of(file);
        }
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> list = Files.list(path)) {
                    List<Path> specs = list.filter(p -> {
                        String name = p.getFileName().toString();
                        return Files.isRegularFile(p) && (name.endsWith(".yaml") || name.endsWith(".yml"));
                    }).sorted().toList();
                    if (specs.isEmpty()) {
                        diagnostics.add(Diagnostic.error(SourceSpan.whole(path.toString()),
                                "the directory has no *.yaml or *.yml files"));
                    }
                    files.addAll(specs);
                } catch (IOException e) {
                    diagnostics.add(Diagnostic.error(SourceSpan.whole(path.toString()), "cannot list the directory: "
                            + e.getMessage()));
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                diagnostics.add(Diagnostic.error(SourceSpan.whole(path.toString()), "no such file or directory"));
            }
        }
        return files.stream().distinct().toList();
    }

    /** The text of {@code file}, bounded and UTF-8, or empty after saying why not. */
    static Optional<Source> read(Path file, List<Diagnostic> diagnostics) {
        String name = file.toString();
        try {
            if (Files.size(file) > YamlReader.MAX_CODE_POINTS) {
                diagnostics.add(Diagnostic.error(SourceSpan.at(name, 1, 1), "the file is larger than "
                        + YamlReader.MAX_CODE_POINTS / (1024 * 1024) + " MB; a spec is far smaller"));
                return Optional.empty();
            }
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            return Optional.of(new Source(name, text));
        } catch (CharacterCodingException e) {
            diagnostics.add(Diagnostic.error(SourceSpan.at(name, 1, 1), "the file is not UTF-8 text"));
        } catch (IOException e) {
            diagnostics.add(Diagnostic.error(SourceSpan.whole(name), "cannot read the file: " + e.getMessage()));
        }
        return Optional.empty();
    }

    private static Map<String, Optional<String>> variables(List<Root> roots, List<VarFiles.Assignment> fromFiles,
                                                           Map<String, String> vars,
                                                           Map<String, String> env, String workspace,
                                                           Set<String> unresolved, List<Diagnostic> diagnostics) {
        Map<String, Optional<String>> values = new TreeMap<>();
        Map<String, SourceSpan> where = new TreeMap<>();
        Interpolator defaults = new Interpolator(Map.of(), Set.of(), env, false, diagnostics, workspace);
        for (Root root : roots) {
            Optional<YNode> block = root.map().get("variables");
            if (block.isEmpty() || !(block.get() instanceof YMap map)) {
                continue;
            }
            for (YNode.Entry entry : map.entries()) {
                String name = entry.key().value();
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    diagnostics.add(Diagnostic.error(entry.key().position(), "variable name '" + name
                            + "' must be letters, digits and underscores, not starting with a digit"));
                    continue;
                }
                SourceSpan first = where.putIfAbsent(name, entry.key().position());
                if (first != null) {
                    diagnostics.add(Diagnostic.error(entry.key().position(), "variable '" + name
                            + "' is declared twice (first at " + first + ")"));
                    continue;
                }
                if (entry.value() instanceof YScalar scalar && scalar.kind() != ScalarKind.NULL) {
                    YScalar value = defaults.scalar(scalar);
                    if (value.kind() == ScalarKind.UNRESOLVED) {
                        unresolved.add(name);
                    }
                    values.put(name, Optional.of(value.value()));
                } else {
                    values.put(name, Optional.empty());
                }
            }
        }
        for (VarFiles.Assignment assignment : fromFiles) {
            if (!values.containsKey(assignment.name())) {
                diagnostics.add(Diagnostic.error(assignment.where(), "variable '" + assignment.name()
                        + "' is not declared in a variables: block"
                        + Suggestions.suffix(assignment.name(), values.keySet())));
            } else {
                values.put(assignment.name(), Optional.of(assignment.value()));
                unresolved.remove(assignment.name());
            }
        }
        vars.forEach((name, value) -> {
            if (!values.containsKey(name)) {
                diagnostics.add(Diagnostic.error(SourceSpan.whole("--var " + name), "variable '" + name
                        + "' is not declared in a variables: block" + Suggestions.suffix(name, values.keySet())));
            } else {
                values.put(name, Optional.of(value));
                unresolved.remove(name);
            }
        });
        return values;
    }

    /** Whether the files declare more than {@link #MAX_RESOURCES} resources (reported at the first one past it). */
    private static boolean tooManyResources(List<Root> roots, List<Diagnostic> diagnostics) {
        int count = 0;
        for (Root root : roots) {
            for (YNode.Entry entry : root.map().entries()) {
                if (!SECTIONS.contains(entry.key().value()) || !(entry.value() instanceof YMap map)) {
                    continue;
                }
                for (YNode.Entry resource : map.entries()) {
                    if (++count > MAX_RESOURCES) {
                        diagnostics.add(Diagnostic.error(resource.key().position(), "the spec declares more than "
                                + MAX_RESOURCES + " resources; split it into several specs, each with its own state"));
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static void merge(YMap root, Path base, Map<String, Sourced> scalars,
                                 Map<String, List<Sourced>> sections, Map<String, SourceSpan> declared,
                                 List<Diagnostic> diagnostics) {
        for (YNode.Entry entry : root.entries()) {
            String key = entry.key().value();
            if (SCALAR_KEYS.contains(key)) {
                Sourced previous = scalars.putIfAbsent(key, new Sourced(entry.key(), entry.value(), base));
                if (previous != null) {
                    diagnostics.add(Diagnostic.error(entry.key().position(), key + " is declared twice (first at "
                            + previous.key().position() + ")"));
                }
            } else if (SECTIONS.contains(key) && entry.value() instanceof YMap map) {
                for (YNode.Entry resource : map.entries()) {
                    String id = key + "." + resource.key().value();
                    SourceSpan first = declared.putIfAbsent(id, resource.key().position());
                    if (first != null) {
                        diagnostics.add(Diagnostic.error(resource.key().position(), singular(key) + " '"
                                + resource.key().value() + "' is declared twice (first at " + first + ")"));
                        continue;
                    }
                    sections.computeIfAbsent(key, k -> new ArrayList<>())
                            .add(new Sourced(resource.key(), resource.value(), base));
                }
            }
        }
    }

    private static String singular(String section) {
        return switch (section) {
            case "storageAccounts" -> "storage account";
            case "virtualNetworks" -> "virtual network";
            case "userAssignedIdentities" -> "user-assigned identity";
            case "batchAccounts" -> "batch account";
            case "pools" -> "pool";
            case "certificates" -> "certificate";
            case "jobSchedules" -> "job schedule";
            default -> "application";
        };
    }
}
