package io.batchform.engine;

import io.batchform.source.Diagnostic;
import io.batchform.source.Source;
import io.batchform.spec.FailoverSpec;
import io.batchform.spec.SourceMap;
import io.batchform.spec.Spec;
import io.batchform.spec.convert.DesiredState;
import io.batchform.spec.convert.Regions;
import io.batchform.spec.load.LoadResult;
import io.batchform.spec.load.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A spec that loaded and converted without errors, for one active region (failover). */
public record LoadedSpec(LoadResult result, Regions.Expanded expanded, Map<String, String> env) {
    /** What reading a spec gave: the spec (null when it has errors) and every diagnostic, loading's then converting's. */
    public record Load(LoadedSpec spec, List<Diagnostic> diagnostics, Map<String, Source> texts, long errors) {
        public boolean ok() {
            return spec != null;
        }
    }

    /** Whether {@code input} names a spec, or the default {@code batchform.yaml} exists. */
    public static boolean present(SpecInput input) {
        return !input.files().isEmpty() || Files.exists(Path.of(SpecLoader.DEFAULT_FILE));
    }

    /** Loads, validates and converts the spec with its primary region active; stops at loading's errors. */
    public static Load load(SpecInput input) {
        LoadResult result = SpecLoader.load(input.files(), input.varFiles(), input.vars(), input.env(),
                input.workspace(), input.allowedPaths());
        if (result.hasErrors()) {
            return new Load(null, result.diagnostics(), result.texts(), result.errors().size());
        }
        Regions.Expanded expanded = Regions.convert(result.spec(), result.sources(), input.env(), null);
        List<Diagnostic> diagnostics = new ArrayList<>(result.diagnostics());
        diagnostics.addAll(expanded.desired().diagnostics());
        long errors = expanded.desired().diagnostics().stream().filter(Diagnostic::isError).count();
        return new Load(errors > 0 ? null : new LoadedSpec(result, expanded, input.env()), diagnostics, result.texts(),
                errors);
    }

    public Spec spec() {
        return result.spec();
    }

    public SourceMap sources() {
        return result.sources();
    }

    public Map<String, Source> texts() {
        return result.texts();
    }

    public String subscription() {
        return result.spec().subscription();
    }

    public DesiredState desired() {
        return expanded.desired();
    }

    public boolean hasFailover() {
        return result.spec().failover() != null;
    }

    /** Whether any pool is active-active (by its own mode, its account's, or the default). */
    public boolean hasActiveActive() {
        Spec spec = result.spec();
        return spec.failover() != null && spec.pools().values().stream()
                .anyMatch(p -> spec.failover().modeOf(p.key(), p.account()) == FailoverSpec.Mode.ACTIVE_ACTIVE);
    }

    /** The spec's {@code outputs:}. */
    public List<io.batchform.spec.OutputSpec> outputs() {
        return result.outputs();
    }

    /** The spec's {@code moved:} entries (validated: each is two addresses of one type). */
    public List<io.batchform.plan.Move> moves() {
        return result.spec().moved().stream().map(m -> new io.batchform.plan.Move(
                io.batchform.address.Address.parse(m.from()), io.batchform.address.Address.parse(m.to()))).toList();
    }

    public boolean hasPools() {
        return !result.spec().pools().isEmpty();
    }

    /**
     * The spec with {@code region} active (null: the primary). Converted again only when that is another region than
     * this one's, so an operation converts its spec once unless a switchover moved the active region.
     */
    public LoadedSpec forRegion(String region) {
        if (!hasFailover()) {
            return this;
        }
        String wanted = io.batchform.source.Region.canonical(region != null ? region : result.spec().failover().primary());
        if (wanted.equals(expanded.activeRegion())) {
            return this;
        }
        return new LoadedSpec(result, Regions.convert(result.spec(), result.sources(), env, region), env);
    }
}
