package io.batchform.cli;

import io.batchform.address.Address;
import io.batchform.apply.Applier;
import io.batchform.graph.Walker;
import io.batchform.plan.Action;
import io.batchform.plan.Plan;
import io.batchform.plan.ResourceChange;
import io.batchform.render.Style;
import io.batchform.source.Diagnostic;
import io.batchform.state.LockInfo;
import io.batchform.state.State;
import io.batchform.state.StateStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Carries out a plan for apply and destroy: asks for {@code yes} unless approved, prints a line as each resource
 * starts and ends (with its elapsed time), then the outcome. The state is written by the applier after every
 * resource, so whatever happens here the state records what was done.
 */
final class ApplyRun {
    private ApplyRun() {
    }

    /** Takes the state lock, or ends the command naming who holds it. */
    static StateStore.StateLock lock(StateStore store, String operation, Duration timeout) {
        StateStore.LockResult result;
        try {
            result = store.lock(operation, timeout);
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            throw new UserException(e.getMessage()); // the store cannot be reached or written: say which and why
        }
        if (result instanceof StateStore.LockResult.Acquired acquired) {
            return acquired.lock();
        }
        LockInfo holder = ((StateStore.LockResult.HeldBy) result).holder();
        throw new UserException("the state is locked by " + holder.who() + " (pid " + holder.pid() + ", running "
                + holder.operation() + " since " + holder.since() + "). It is released when that run ends; wait for "
                + "it with --lock-timeout, e.g. --lock-timeout 5m, or, if that run is gone, batchform force-unlock.");
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

    /** Applies {@code plan}; returns the exit code (0 when every resource succeeded). */
    static int apply(Plan plan, State prior, Map<Address, Set<Address>> dependencies, Target target, StateStore store,
                     int parallelism, Style style, PrintWriter out, PrintWriter err, boolean destroying) {
        return apply(plan, prior, dependencies, Map.of(), target, store, parallelism, style, out, err, destroying);
    }

    /** As above; {@code order} only orders this apply (see {@link Applier#apply(Plan, State, Map, Map, int, Applier.Listener)}). */
    static int apply(Plan plan, State prior, Map<Address, Set<Address>> dependencies, Map<Address, Set<Address>> order,
                     Target target, StateStore store, int parallelism, Style style, PrintWriter out, PrintWriter err,
                     boolean destroying) {
        Map<Address, ResourceChange> changes = new TreeMap<>();
        plan.changes().forEach(c -> changes.put(c.address(), c));
        Applier applier = new Applier(target.provider(), store, Clock.systemUTC());
        Applier.ApplyOutcome outcome = applier.apply(plan, prior, dependencies, order, parallelism, new Applier.Listener() {
            @Override
            public void started(Address address, Action action) {
                line(out, address + ": " + verb(action, false) + "...");
            }

            @Override
            public void finished(Applier.ResourceResult result) {
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
        });
        out.println();
        for (Diagnostic diagnostic : outcome.diagnostics()) {
            err.println(style.action(Action.DELETE, diagnostic.isError() ? "Error:" : "Warning:") + " " + diagnostic);
        }
        long added = 0;
        long changed = 0;
        long destroyed = 0;
        long failed = 0;
        long skipped = 0;
        for (Applier.ResourceResult result : outcome.results()) {
            if (result.outcome() == Walker.Outcome.FAILED) {
                failed++;
                continue;
            }
            if (result.outcome() == Walker.Outcome.SKIPPED) {
                skipped++;
                continue;
            }
            switch (result.action()) {
                case CREATE -> added++;
                case UPDATE -> changed++;
                case DELETE -> destroyed++;
                case DELETE_THEN_CREATE, CREATE_THEN_DELETE -> {
                    added++;
                    destroyed++;
                }
                case NO_OP -> {
                }
            }
        }
        String counts = "Resources: " + added + " added, " + changed + " changed, " + destroyed + " destroyed.";
        if (outcome.succeeded()) {
            out.println(style.bold((destroying ? "Destroy complete! " : "Apply complete! ") + counts));
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
            case NO_OP -> done ? "Nothing" : "Reading";
        };
    }

    static String elapsed(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds < 60 ? seconds + "s" : seconds / 60 + "m" + seconds % 60 + "s";
    }
}
