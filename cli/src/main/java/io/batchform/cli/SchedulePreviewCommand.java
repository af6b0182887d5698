package io.batchform.cli;

import io.batchform.engine.LoadedSpec;
import io.batchform.source.Suggestions;
import io.batchform.spec.JobScheduleSpec;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code batchform schedule preview [ADDRESS] [--next N]}: the next runs of the compiled service schedules. */
@Command(name = "preview", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the next runs of the spec's job schedules (all, or the one at ADDRESS) in their time "
                + "zone and in UTC, offline, as the compiled service schedules fire them; runs after a change of the "
                + "zone's offset assume an apply after it.",
                "Exit 0 when it printed them, 1 when the spec or the address is invalid."})
final class SchedulePreviewCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SpecOptions specOptions;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ADDRESS", description = "A job schedule, e.g. "
            + "jobSchedule.nightly (default: every one).")
    String address;

    @Option(names = "--next", defaultValue = "10", paramLabel = "N", description = "How many runs of each "
            + "(default: ${DEFAULT-VALUE}).")
    int next;

    @Option(names = "--from", paramLabel = "INSTANT", description = "Start from this instant instead of now, e.g. "
            + "2027-01-04T00:00:00Z.")
    Instant from;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        // The run's environment: BATCHFORM_NOW fixes the instant the spec's schedules are compiled at.
        LoadedSpec loaded = SpecView.load(SpecView.input(specOptions,
                ((BatchformCommand) spec.root().userObject()).environment()), spec.commandLine().getErr());
        if (loaded == null) {
            return 1;
        }
        if (next < 1 || next > 1000) {
            throw new UserException("--next must be 1 to 1000");
        }
        stdout.print(SchedulePreviewView.render(selected(loaded), from != null ? from : Instant.now(), next));
        stdout.flush();
        return 0;
    }

    private List<JobScheduleSpec> selected(LoadedSpec loaded) {
        List<JobScheduleSpec> all = List.copyOf(loaded.spec().jobSchedules().values());
        if (address == null) {
            if (all.isEmpty()) {
                throw new UserException("the spec declares no jobSchedules: nothing to preview");
            }
            return all;
        }
        List<String> addresses = all.stream().map(s -> "jobSchedule." + s.key()).toList();
        return all.stream().filter(s -> ("jobSchedule." + s.key()).equals(address)).findFirst().map(List::of)
                .orElseThrow(() -> new UserException(address + ": no such job schedule in the spec"
                        + Suggestions.didYouMean(address, addresses)));
    }
}
