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
        return "batchform " + (v == null ? "development" : v);
    }
}
