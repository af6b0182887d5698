package io.batchform.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar's manifest, falling back to "development" when run from classes. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"batchform " + (v == null ? "development" : v)};
    }
}
