package io.batchform.cli;

import io.batchform.engine.LoadedSpec;
import io.batchform.engine.Operations;
import io.batchform.engine.Requests.SavedApplyRequest;
import io.batchform.plan.SavedPlan;
import io.batchform.state.StateStore;
import java.io.PrintWriter;

/** {@code batchform apply PLANFILE}: the saved-plan half of {@link ApplyCommand}, with the same options. */
final class SavedPlanApply {
    private SavedPlanApply() {
    }

    static int run(ApplyCommand options) {
        PrintWriter out = options.command.commandLine().getOut();
        PrintWriter err = options.command.commandLine().getErr();
        SavedPlan saved;
        try {
            saved = SavedPlan.read(options.planFile);
        } catch (SavedPlan.UnreadablePlanException e) {
            throw new UserException(e.getMessage());
        }
        LoadedSpec loaded = null;
        if (LoadedSpec.present(SpecView.input(options.specOptions)) || saved.holdsSecrets()) {
            loaded = SpecView.load(options.specOptions, err);
            if (loaded == null) {
                return 1;
            }
        }
        StateStore store = StateStores.open(options.stateOptions);
        try (Cloud cloud = Cloud.connect(loaded == null ? null : loaded.subscription(), Cloud.environment(options.command),
                options.stateOptions.directory, options.endpointOptions, store);
             StateStore.StateLock lock = StateStores.lock(store, "apply " + options.planFile,
                     options.stateOptions)) {
            out.println("Talking to " + cloud.description() + ".");
            out.println();
            var style = SpecView.style(options.root.noColor);
            return ApplyView.summary(Operations.applySaved(new SavedApplyRequest(saved, options.planFile.toString(),
                    cloud.description(), loaded, ApplyView.request(saved.plan(), cloud.provider(), cloud.store(),
                    options.parallelism, style, out, options.root.progressInterval()))), false, style, out, err);
        }
    }
}
