package io.batchform.cli;

/**
 * The program {@link LauncherTest} gives the distribution's launcher in place of batchform's jar, which is built only
 * after the tests: it prints its arguments, exits 2 for {@code plan} (as {@code plan --detailed-exitcode} does with
 * changes) and 0 otherwise, and fails the launcher's training (an {@code apply --emulator}) when
 * {@code PROBE_TRAINING_FAILS} is set.
 */
public final class LauncherProbe {
    private LauncherProbe() {
    }

    public static void main(String[] args) {
        // A lambda and a method handle, as batchform's own code and its libraries have thousands: the class list a
        // training dumps then has @lambda-proxy and @lambda-form-invoker lines.
        java.util.function.Function<String[], String> line = words -> "probe " + String.join(" ", words);
        System.out.println(line.apply(args));
        boolean training = args.length > 0 && args[0].equals("apply")
                && java.util.Arrays.asList(args).contains("--emulator");
        if (training && System.getenv("PROBE_TRAINING_FAILS") != null) {
            System.exit(3);
        }
        System.exit(args.length > 0 && args[0].equals("plan") ? 2 : 0);
    }
}
