package io.batchform.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar's manifest, falling back to "development" when run from classes. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {line()};
    }

    /** {@code batchform VERSION}: what {@code --version} prints. */
    static String line() {
        String v = Main.class.getPackage().getImplementationVersion();
        // String.concat, not +: the first + of a JVM bootstraps StringConcatFactory (about 60 classes and a method
        // handle spun), a third of what --version loads after the JVM's own start.
        return "batchform ".concat(v == null ? "development" : v);
    }
}
