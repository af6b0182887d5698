package io.batchform.render;

/**
 * batchform's version, as the JSON formats write it in {@code terraform_version}: the jar's
 * {@code Implementation-Version}, or {@code 0.0.0-dev} when run from classes (a semantic version either way, for
 * readers that parse it).
 */
public final class BuildVersion {
    private BuildVersion() {
    }

    public static String current() {
        String version = BuildVersion.class.getPackage().getImplementationVersion();
        return version == null ? "0.0.0-dev" : version;
    }
}
