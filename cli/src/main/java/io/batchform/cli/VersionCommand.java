package io.batchform.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code batchform version}: the version, the commit and the date of the build (written into the jar by the build),
 * and the Java runtime. {@code --version} prints the first line alone.
 */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Print batchform's version, the commit and date it was built from, and the Java runtime.")
final class VersionCommand implements Callable<Integer> {
    /** Where the build writes {@code commit=} and {@code date=}. */
    static final String BUILD_PROPERTIES = "build.properties";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Properties build = build();
        out.println(new VersionProvider().getVersion()[0]);
        out.println("commit " + build.getProperty("commit", "unknown"));
        out.println("built " + build.getProperty("date", "unknown"));
        out.println("java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        out.flush();
        return 0;
    }

    static Properties build() {
        Properties properties = new Properties();
        try (InputStream in = VersionCommand.class.getResourceAsStream(BUILD_PROPERTIES)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException unreadable) {
            // a jar without the file (built without its generate-resources step) says "unknown"
        }
        return properties;
    }
}
