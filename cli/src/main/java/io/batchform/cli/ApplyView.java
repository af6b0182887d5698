package io.batchform.cli;

import io.batchform.address.Address;
import io.batchform.apply.Applier;
import io.batchform.engine.Outcomes;
import io.batchform.engine.Requests;
import io.batchform.graph.Walker;
import io.batchform.plan.Action;
import io.batchform.plan.Plan;
import io.batchform.plan.ResourceChange;
import io.batchform.provider.Provider;
import io.batchform.render.Style;
import io.batchform.source.Diagnostic;
import io.batchform.state.StateStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How an apply reads: asks for {@code yes} unless approved, prints a line as each resource starts and ends (with its
 * elapsed time), a "Still creating..." line every 10 seconds while it runs, what a drain or a resize is doing (its node
 * counts, as they change), then the outcome. The state is written by the engine after every resource, so whatever happens
 * here the state records what was done.
 */
final class ApplyView {
    private ApplyView() {
    }

    /** Asks the question; true only when the answer is {@code yes}. */
    static boolean confirm(BufferedReader input, PrintWriter out, String question, String consequence) {
        out.println(question);
        out.println("  " + consequence);
        out.println("  Only 'yes' will be accepted to approve.");
        out.println();
        out.print("  Enter a value: ");
        out.flush();
        String answer;
        try {
            answer = input.readLine();
        } catch (IOException e) {
            answer = null;
        }
        out.println();
        return answer != null && answer.trim().equals("yes");
    }

    /**
     * What an apply of {@code plan} through {@code provider} needs: the progress lines go to {@code out}, with a
     * {@code Still creating... [10s elapsed]} line every {@code heartbeat} per resource in progress.
     */
    static Requests.ApplyRequest request(Plan plan, Provider provider, StateStore store, int parallelism, Style style,
                                         PrintWriter out, Duration heartbeat) {
        return new Requests.ApplyRequest(provider, store, parallelism, listener(plan, style, out, heartbeat),
                Clock.systemUTC());
    }

    /** One daemon thread for every apply's heartbeats: each only prints a line. */
    private static final class Ticker {
        static final ScheduledExecutorService INSTANCE = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "apply progress");
            thread.setDaemon(true);
            return thread;
        });
    }

    private static Applier.Listener listener(Plan plan, Style style, PrintWriter out, Duration heartbeat) {
        Map<Address, ResourceChange> changes = new TreeMap<>();
        plan.changes().forEach(c -> changes.put(c.address(), c));
        Map<Address, ScheduledFuture<?>> beats = new ConcurrentHashMap<>();
        return new Applier.Listener() {
            @Override
            public void started(Address address, Action action) {
                line(out, address + ": " + verb(action, false) + "...");
                AtomicLong ticks = new AtomicLong();
                String still = address + ": Still " + verb(action, false).toLowerCase(java.util.Locale.ROOT) + "... [";
                beats.put(address, Ticker.INSTANCE.scheduleAtFixedRate(() -> {
                    if (beats.containsKey(address)) {
                        line(out, still + elapsed(heartbeat.multipliedBy(ticks.incrementAndGet())) + " elapsed]");
                    }
                }, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS));
            }

            @Override
            public void progress(Address address, String note) {
                line(out, address + ": " + note);
            }

            @Override
            public void finished(Applier.ResourceResult result) {
                ScheduledFuture<?> beat = beats.remove(result.address());
                if (beat != null) {
                    beat.cancel(false);
                }
                ResourceChange change = changes.get(result.address());
                String text = switch (result.outcome()) {
                    case SUCCEEDED -> result.address() + ": " + verb(result.action(), true) + " complete after "
                            + elapsed(result.elapsed()) + (result.action() == Action.DELETE ? "" : " [id=" + change.id() + "]");
                    case FAILED -> result.address() + ": " + style.action(Action.DELETE, verb(result.action(), true)
                            + " failed") + " after " + elapsed(result.elapsed());
                    case SKIPPED -> result.address() + ": skipped (a resource it depends on failed)";
                };
                line(out, text);
            }
        };
    }

    /** Prints what the apply did; returns the exit code (0 when every resource succeeded). */
    static int summary(Outcomes.ApplyOutcome result, boolean destroying, Style style, PrintWriter out,
                       PrintWriter err) {
        if (result.refused()) {
            return PlanView.refused(result.refusals(), out, err);
        }
        Applier.ApplyOutcome outcome = result.applied();
        out.println();
        for (Diagnostic diagnostic : outcome.diagnostics()) {
            err.println(style.action(Action.DELETE, diagnostic.isError() ? "Error:" : "Warning:") + " " + diagnostic);
        }
        long added = 0;
        long changed = 0;
        long destroyed = 0;
        long failed = 0;
        long skipped = 0;
        for (Applier.ResourceResult r : outcome.results()) {
            if (r.outcome() == Walker.Outcome.FAILED) {
                failed++;
                continue;
            }
            if (r.outcome() == Walker.Outcome.SKIPPED) {
                skipped++;
                continue;
            }
            switch (r.action()) {
                case CREATE -> added++;
                case UPDATE -> changed++;
                case DELETE -> destroyed++;
                case DELETE_THEN_CREATE, CREATE_THEN_DELETE -> {
                    added++;
                    destroyed++;
                }
                case NO_OP, FORGET -> {
                }
            }
        }
        String counts = "Resources: " + added + " added, " + changed + " changed, " + destroyed + " destroyed.";
        if (outcome.lockLost() != null) {
            return lockLost(outcome, destroying, counts, style, out, err);
        }
        if (outcome.succeeded()) {
            out.println(style.bold((destroying ? "Destroy complete! " : "Apply complete! ") + counts));
            if (!result.regionsCleanedUp().isEmpty()) {
                out.println("Regions cleaned up after the last switchover: " + String.join(", ", result.regionsCleanedUp()));
            }
            out.flush();
            err.flush();
            return 0;
        }
        out.println(style.bold((destroying ? "Destroy" : "Apply") + " failed: " + failed + " failed, " + skipped
                + " skipped. " + counts));
        out.println("The state records everything that was done; fix the errors above and run the command again to "
                + "finish.");
        out.flush();
        err.flush();
        return 1;
    }

    /**
     * An apply stopped because its state lock was lost: what was done and recorded, what was done and not recorded,
     * what was not started, and what to do. Exit code 1.
     */
    private static int lockLost(Applier.ApplyOutcome outcome, boolean destroying, String counts, Style style,
                                PrintWriter out, PrintWriter err) {
        err.println(style.action(Action.DELETE, "Error:") + " the state lock was lost: " + outcome.lockLost());
        out.println(style.bold((destroying ? "Destroy" : "Apply") + " stopped: the state lock was lost. Recorded: "
                + counts));
        out.println("Done and not recorded in the state: " + (outcome.unrecorded().isEmpty() ? "nothing"
                : String.join(", ", outcome.unrecorded())) + ".");
        if (!outcome.notStarted().isEmpty()) {
            out.println("Not started: " + String.join(", ", outcome.notStarted().stream().map(Object::toString)
                    .toList()) + ".");
        }
        out.println("Another run may hold the state now. Once it is done, run batchform plan: it shows what the state "
                + "does not record.");
        out.flush();
        err.flush();
        return 1;
    }

    private static void line(PrintWriter out, String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }

    private static String verb(Action action, boolean done) {
        return switch (action) {
            case CREATE -> done ? "Creation" : "Creating";
            case UPDATE -> done ? "Modifications" : "Modifying";
            case DELETE -> done ? "Destruction" : "Destroying";
            case DELETE_THEN_CREATE, CREATE_THEN_DELETE -> done ? "Replacement" : "Replacing";
            case NO_OP, FORGET -> done ? "Nothing" : "Reading";
        };
    }

    static String elapsed(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds < 60 ? seconds + "s" : seconds / 60 + "m" + seconds % 60 + "s";
    }
}
