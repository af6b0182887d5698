package io.batchform.spec.validate;

import io.batchform.address.Address;
import io.batchform.autoscale.ast.Statement;
import io.batchform.autoscale.check.CheckedFormula;
import io.batchform.autoscale.check.FormulaCompiler;
import io.batchform.autoscale.check.Symbol;
import io.batchform.autoscale.lang.SystemVariable;
import io.batchform.catalog.VmSizeCatalog.VmSize;
import io.batchform.source.Diagnostic;
import io.batchform.source.Durations;
import io.batchform.source.Source;
import io.batchform.source.SourceSpan;
import io.batchform.source.Suggestions;
import io.batchform.spec.BatchAccountSpec;
import io.batchform.spec.PoolSpec;
import io.batchform.spec.SourceMap;
import io.batchform.spec.rules.ServiceRules;
import io.batchform.spec.yaml.YNode.YScalar;
import io.batchform.spec.yaml.YNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The checks of a pool's own settings (image, scale and its formula, start task, mounts, secrets in clear), apart
 * from its references to other resources, which {@link Validator} checks.
 */
final class PoolChecks {
    private final SourceMap sources;
    private final List<Diagnostic> diagnostics;

    PoolChecks(SourceMap sources, List<Diagnostic> diagnostics) {
        this.sources = sources;
        this.diagnostics = diagnostics;
    }

    /**
     * An image is exactly one of: a marketplace image (publisher, offer, sku, optional version), a Compute Gallery
     * image (id), a shared gallery image or a community gallery image (their unique ids), as the service requires.
     */
    void image(Address address, PoolSpec pool) {
        PoolSpec.Image image = pool.image();
        if (image == null) {
            return;
        }
        boolean marketplace = image.publisher() != null || image.offer() != null || image.sku() != null
                || image.version() != null;
        List<String> given = new ArrayList<>();
        if (marketplace) {
            given.add("publisher/offer/sku");
        }
        for (String[] gallery : new String[][] {{"id", image.id()}, {"sharedGalleryImageId",
                image.sharedGalleryImageId()}, {"communityGalleryImageId", image.communityGalleryImageId()}}) {
            if (gallery[1] != null) {
                given.add(gallery[0]);
            }
        }
        if (given.size() > 1) {
            error(sources.keyPosition(address, "image"), "image: give exactly one of publisher/offer/sku, id, "
                    + "sharedGalleryImageId and communityGalleryImageId; this one has " + String.join(" and ", given));
        } else if (given.equals(List.of("publisher/offer/sku"))) {
            List<String> missing = new ArrayList<>();
            if (image.publisher() == null) {
                missing.add("publisher");
            }
            if (image.offer() == null) {
                missing.add("offer");
            }
            if (image.sku() == null) {
                missing.add("sku");
            }
            if (!missing.isEmpty()) {
                error(sources.keyPosition(address, "image"), "image needs " + String.join(", ", missing));
            }
        } else if (given.isEmpty()) {
            error(sources.keyPosition(address, "image"), "image needs publisher, offer and sku, or one of id, "
                    + "sharedGalleryImageId and communityGalleryImageId");
        }
    }

    void scale(Address address, PoolSpec pool, BatchAccountSpec account, Optional<VmSize> size) {
        boolean lowPriorityRetired = account != null && account.batchServiceMode();
        if (pool.fixedScale() != null && pool.autoScale() != null) {
            error(sources.keyPosition(address, "autoScale"), "pool '" + pool.key() + "' sets both fixedScale and "
                    + "autoScale: keep one");
        } else if (pool.fixedScale() == null && pool.autoScale() == null && sources.find(address, "fixedScale").isEmpty()
                && sources.find(address, "autoScale").isEmpty()) {
            error(sources.keyPosition(address, ""), "pool '" + pool.key() + "' needs fixedScale or autoScale");
        }
        PoolSpec.FixedScale fixed = pool.fixedScale();
        if (fixed != null) {
            if (fixed.resizeTimeout() != null && fixed.resizeTimeout().compareTo(Validator.MIN_INTERVAL) < 0) {
                error(sources.position(address, "fixedScale.resizeTimeout"), "resizeTimeout "
                        + Durations.friendly(fixed.resizeTimeout()) + " is shorter than the service's minimum of 5m");
            }
            if (fixed.targetLowPriorityNodes() != null && fixed.targetLowPriorityNodes() > 0 && lowPriorityRetired) {
                warning(sources.position(address, "fixedScale.targetLowPriorityNodes"), Validator.LOW_PRIORITY_RETIRED);
            }
            long nodes = (fixed.targetDedicatedNodes() == null ? 0 : fixed.targetDedicatedNodes())
                    + (fixed.targetLowPriorityNodes() == null ? 0 : fixed.targetLowPriorityNodes());
            if ("Enabled".equalsIgnoreCase(pool.interNodeCommunication()) && account != null
                    && account.batchServiceMode() && nodes > ServiceRules.INTER_NODE_COMMUNICATION_NODES) {
                error(sources.position(address, "interNodeCommunication"), "a pool with interNodeCommunication: "
                        + "Enabled holds at most " + ServiceRules.INTER_NODE_COMMUNICATION_NODES + " nodes in a "
                        + "Batch-service account, and this one asks for " + nodes + ": the service refuses more ("
                        + ServiceRules.POOL_SIZE_LIMITS + "); lower fixedScale, or split the work across pools");
            }
        }
        PoolSpec.AutoScale auto = pool.autoScale();
        if (auto == null) {
            return;
        }
        boolean inline = sources.find(address, "autoScale.formula").isPresent();
        boolean file = sources.find(address, "autoScale.formulaFile").isPresent();
        if (inline && file) {
            error(sources.keyPosition(address, "autoScale.formulaFile"), "autoScale: give formula or formulaFile, not both");
        } else if (!inline && !file) {
            error(sources.keyPosition(address, "autoScale"), "autoScale needs a formula or a formulaFile");
        }
        Duration interval = auto.evaluationInterval();
        if (interval != null && (interval.compareTo(Validator.MIN_INTERVAL) < 0 || interval.compareTo(Validator.MAX_INTERVAL) > 0)) {
            error(sources.position(address, "autoScale.evaluationInterval"), "evaluationInterval "
                    + Durations.friendly(interval) + " is outside the service's range of 5m to 168h");
        }
        if (auto.formula() != null && !(inline && file)) {
            formula(address, auto, lowPriorityRetired);
        }
    }

    /** Compiles a formula and reports its diagnostics where the formula is written: in the YAML, or in its file. */
    private void formula(Address address, PoolSpec.AutoScale auto, boolean lowPriorityRetired) {
        Function<SourceSpan, SourceSpan> where;
        Source source;
        if (auto.formulaFile() != null) {
            source = new Source(auto.formulaFile().toString(), auto.formula());
            where = Function.identity();
        } else {
            YNode node = sources.find(address, "autoScale.formula").map(SourceMap.Located::value).orElseThrow();
            YScalar scalar = (YScalar) node;
            source = new Source(scalar.position().source(), auto.formula());
            where = span -> scalar.positionOf(span.startOffset());
        }
        CheckedFormula checked = FormulaCompiler.compile(source);
        for (Diagnostic d : checked.diagnostics()) {
            diagnostics.add(new Diagnostic(d.severity(), d.code(), d.message(), where.apply(d.span())));
        }
        if (lowPriorityRetired && checked.formula().isPresent()) {
            for (Statement statement : checked.formula().get().statements()) {
                if (statement instanceof Statement.Assignment assignment
                        && checked.symbolOf(assignment.target()) instanceof Symbol.System system
                        && system.variable() == SystemVariable.TARGET_LOW_PRIORITY_NODES) {
                    warning(where.apply(assignment.target().span()), Validator.LOW_PRIORITY_RETIRED);
                }
            }
        }
    }

    void startTask(Address address, PoolSpec pool) {
        PoolSpec.StartTask task = pool.startTask();
        if (task == null) {
            return;
        }
        for (int i = 0; i < task.resourceFiles().size(); i++) {
            PoolSpec.ResourceFile file = task.resourceFiles().get(i);
            long sources = java.util.stream.Stream.of(file.httpUrl(), file.storageContainerUrl(),
                    file.autoStorageContainerName()).filter(java.util.Objects::nonNull).count();
            if (sources != 1) {
                error(this.sources.keyPosition(address, "startTask.resourceFiles[" + i + "]"), "a resource file needs "
                        + "exactly one of httpUrl, storageContainerUrl and autoStorageContainerName");
            } else if (file.httpUrl() != null && file.filePath() == null) {
                error(this.sources.keyPosition(address, "startTask.resourceFiles[" + i + "].httpUrl"),
                        "a resource file with httpUrl needs a filePath");
            }
        }
        PoolSpec.UserIdentity identity = task.userIdentity();
        if (identity != null) {
            if ((identity.userName() == null) == (identity.autoUser() == null)) {
                error(sources.keyPosition(address, "startTask.userIdentity"), "userIdentity: give userName or "
                        + "autoUser, not both and not neither");
            } else if (identity.userName() != null) {
                List<String> users = pool.userAccounts().stream().map(PoolSpec.UserAccount::name)
                        .filter(java.util.Objects::nonNull).toList();
                if (!users.contains(identity.userName())) {
                    error(sources.position(address, "startTask.userIdentity.userName"), "user '" + identity.userName()
                            + "' is not one of the pool's userAccounts" + Suggestions.suffix(identity.userName(), users));
                }
            }
        }
    }

    void mounts(Address address, PoolSpec pool) {
        for (int i = 0; i < pool.mountConfiguration().size() || sources.find(address, "mountConfiguration[" + i + "]")
                .isPresent(); i++) {
            String path = "mountConfiguration[" + i + "]";
            Optional<SourceMap.Located> entry = sources.find(address, path);
            if (entry.isEmpty() || !(entry.get().value() instanceof YNode.YMap map)) {
                continue;
            }
            long kinds = map.entries().stream().filter(e -> Set.of("azureBlobFileSystem", "nfs", "cifs", "azureFileShare")
                    .contains(e.key().value())).count();
            if (kinds != 1) {
                error(map.position(), "a mount needs exactly one of azureBlobFileSystem, nfs, cifs and azureFileShare");
            }
        }
    }

    void secrets(Address address, PoolSpec pool) {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < pool.userAccounts().size(); i++) {
            paths.add("userAccounts[" + i + "].password");
            paths.add("userAccounts[" + i + "].linuxUserConfiguration.sshPrivateKey");
        }
        if (pool.containerConfiguration() != null) {
            for (int i = 0; i < pool.containerConfiguration().containerRegistries().size(); i++) {
                paths.add("containerConfiguration.containerRegistries[" + i + "].password");
            }
        }
        if (pool.startTask() != null && pool.startTask().containerSettings() != null) {
            paths.add("startTask.containerSettings.registry.password");
        }
        for (int i = 0; i < pool.mountConfiguration().size(); i++) {
            for (String secret : List.of("azureBlobFileSystem.accountKey", "azureBlobFileSystem.sasKey", "cifs.password",
                    "azureFileShare.accountKey")) {
                paths.add("mountConfiguration[" + i + "]." + secret);
            }
        }
        paths.forEach(path -> clearSecret(address, path));
    }

    void clearSecret(Address address, String path) {
        sources.find(address, path).ifPresent(located -> {
            if (located.value() instanceof YScalar scalar && scalar.kind() == YNode.ScalarKind.STRING
                    && !scalar.value().isEmpty() && !scalar.fromEnvironment()) {
                String key = path.substring(path.lastIndexOf('.') + 1);
                warning(scalar.position(), key + " is written in the spec in clear: read it from the environment "
                        + "with ${env.NAME}");
            }
        });
    }

    private void error(SourceSpan position, String message) {
        diagnostics.add(Diagnostic.error(position, message));
    }

    private void warning(SourceSpan position, String message) {
        diagnostics.add(Diagnostic.warning(position, message));
    }
}
