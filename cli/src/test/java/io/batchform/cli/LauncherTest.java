package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The distribution's launcher (src/dist/bin/batchform) run as a user runs it, on real JVMs: Java 17 trains and maps a
 * class-data archive, Java 25 (when the machine has one, under /usr/lib/jvm or in BATCHFORM_TEST_JAVA25) an
 * ahead-of-time cache, and one more for validate; a damaged one is ignored without a word; a failed training
 * archives the first command instead. The jar it runs is {@link LauncherProbe}'s (batchform's own is built after the
 * tests), so that a training takes seconds, not tens of them; what a JVM really mapped is read from its
 * class-loading log.
 */
class LauncherTest {
    private static final Path LAUNCHER = Path.of("src", "dist", "bin", "batchform").toAbsolutePath();

    @TempDir
    Path tmp;

    private Path jar;
    private Path archive;

    @BeforeEach
    void probeJar() throws IOException {
        jar = tmp.resolve("lib").resolve("probe.jar");
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LauncherProbe.class.getName());
        String entry = LauncherProbe.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             InputStream in = LauncherProbe.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        archive = tmp.resolve("cache").resolve("probe.jsa");
    }

    @ParameterizedTest(name = "Java {0}")
    @ValueSource(ints = {17, 25})
    void theFirstSpecCommandTrainsWhatTheJvmMapsThenEveryOneMapsIt(int feature) throws Exception {
        Jvm jvm = jvm(feature);
        Run first = launch(jvm, Map.of(), "validate");
        assertThat(first.exit).as(first.err).isZero();
        assertThat(first.out).isEqualTo("probe validate\n");
        assertThat(first.err).isEmpty();
        if (jvm.aot()) {
            assertThat(cacheFiles()).containsExactlyInAnyOrder(jvm.cacheName(archive), jvm.validateCacheName(archive));
        } else {
            assertThat(cacheFiles()).containsExactly("probe.jsa");
        }

        Run second = launch(jvm, Map.of("JDK_JAVA_OPTIONS", logFlags()), "plan", "--detailed-exitcode");
        assertThat(second.exit).isEqualTo(2);
        assertThat(besidesTheFlags(second.out)).containsExactly("probe plan --detailed-exitcode");
        assertThat(second.out)
                .contains(jvm.aot() ? "-XX:AOTCache=" + archive.resolveSibling(jvm.cacheName(archive))
                        : "-XX:SharedArchiveFile=" + archive)
                .doesNotContain(jvm.aot() ? "-XX:SharedArchiveFile" : "-XX:AOTCache");
        assertThat(probeSource()).isEqualTo("shared objects file");
        // The class of the probe's lambda too: the archive keeps the class list's @lambda-proxy lines.
        assertThat(source(LauncherProbe.class.getName() + "$$Lambda")).isEqualTo("shared objects file");

        Run third = launch(jvm, Map.of("JDK_JAVA_OPTIONS", logFlags()), "validate");
        assertThat(third.exit).isZero();
        assertThat(besidesTheFlags(third.out)).containsExactly("probe validate");
        assertThat(third.out).contains(jvm.aot()
                ? "-XX:AOTCache=" + archive.resolveSibling(jvm.validateCacheName(archive))
                : "-XX:SharedArchiveFile=" + archive);
        assertThat(probeSource()).isEqualTo("shared objects file");
    }

    @ParameterizedTest(name = "Java {0}")
    @ValueSource(ints = {17, 25})
    void aDamagedArchiveOrCacheIsIgnoredWithoutAWord(int feature) throws Exception {
        Jvm jvm = jvm(feature);
        Path damaged = jvm.aot() ? archive.resolveSibling(jvm.cacheName(archive)) : archive;
        Files.createDirectories(damaged.getParent());
        Files.write(damaged, new byte[] {'n', 'o', 't', ' ', 'a', 'n', ' ', 'a', 'r', 'c', 'h', 'i', 'v', 'e'});
        Files.setLastModifiedTime(damaged, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 10_000));

        Run run = launch(jvm, Map.of("JDK_JAVA_OPTIONS", logFlags()), "plan");
        assertThat(run.exit).isEqualTo(2);
        assertThat(run.out).contains(jvm.aot() ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=");
        assertThat(besidesTheFlags(run.out)).containsExactly("probe plan");
        assertThat(run.err).isEqualTo("NOTE: Picked up JDK_JAVA_OPTIONS: " + logFlags() + "\n");
        assertThat(probeSource()).startsWith("file:");
    }

    @ParameterizedTest(name = "Java {0}")
    @ValueSource(ints = {17, 25})
    void aFailedTrainingArchivesTheFirstCommandInstead(int feature) throws Exception {
        Jvm jvm = jvm(feature);
        Run first = launch(jvm, Map.of("PROBE_TRAINING_FAILS", "1"), "plan");
        assertThat(first.exit).isEqualTo(2);
        assertThat(first.out).isEqualTo("probe plan\n");
        assertThat(first.err).isEmpty();
        String fallback = jvm.aot() ? jvm.cacheName(archive).replaceAll("\\.aot$", ".jsa") : "probe.jsa";
        assertThat(cacheFiles()).containsExactly(fallback);

        Run second = launch(jvm, Map.of("JDK_JAVA_OPTIONS", logFlags(), "PROBE_TRAINING_FAILS", "1"), "validate");
        assertThat(second.exit).isZero();
        assertThat(second.out).contains("-XX:SharedArchiveFile=" + archive.resolveSibling(fallback));
        assertThat(besidesTheFlags(second.out)).containsExactly("probe validate");
        assertThat(probeSource()).startsWith("shared objects file");
    }

    @Test
    void versionAloneNeitherTrainsNorMaps() throws Exception {
        Jvm jvm = jvm(17);
        Run run = launch(jvm, Map.of("JDK_JAVA_OPTIONS", logFlags()), "--version");
        assertThat(run.exit).isZero();
        assertThat(run.out).doesNotContain("SharedArchiveFile", "AOTCache");
        assertThat(besidesTheFlags(run.out)).containsExactly("probe --version");
        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void batchformJavaNamesTheJvmBeforeJavaHome() throws Exception {
        Jvm jvm = jvm(17);
        Run run = launch(jvm, Map.of("JAVA_HOME", tmp.resolve("no-such-java").toString()), "--version");
        assertThat(run.exit).as(run.err).isZero();
        assertThat(run.out).isEqualTo("probe --version\n");
    }

    /** The lines of {@code out} but the one {@code -XX:+PrintCommandLineFlags} writes. */
    private static List<String> besidesTheFlags(String out) {
        return out.lines().filter(line -> !line.startsWith("-XX:")).toList();
    }

    /** Flags that make the JVM say what it was given and where it loaded the probe from. */
    private String logFlags() {
        return "-XX:+PrintCommandLineFlags -Xlog:class+load=info:file=" + tmp.resolve("classes.log");
    }

    /** Where the last logged JVM loaded {@link LauncherProbe} from: "shared objects file" or the jar's URL. */
    private String probeSource() throws IOException {
        return source(LauncherProbe.class.getName() + " ");
    }

    /** Where the last logged JVM loaded the first class whose name starts with {@code prefix} from. */
    private String source(String prefix) throws IOException {
        try (Stream<String> lines = Files.lines(tmp.resolve("classes.log"))) {
            return lines.filter(line -> line.contains(" " + prefix) && line.contains(" source: "))
                    .map(line -> line.substring(line.indexOf(" source: ") + " source: ".length()))
                    .findFirst().orElseThrow();
        }
    }

    private List<String> cacheFiles() throws IOException {
        if (!Files.isDirectory(archive.getParent())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(archive.getParent())) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private Run launch(Jvm jvm, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile())
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().put("BATCHFORM_JAVA", jvm.home.toString());
        builder.environment().put("BATCHFORM_JAR", jar.toString());
        builder.environment().put("BATCHFORM_ARCHIVE", archive.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("the launcher ended").isTrue();
        return new Run(process.exitValue(), Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(tmp.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    private record Run(int exit, String out, String err) {
    }

    /** A Java home and what its release file says. */
    private record Jvm(Path home, int feature, String runtime) {
        boolean aot() {
            return feature >= 25;
        }

        /** The launcher's name for this JVM's ahead-of-time cache beside {@code archive}. */
        String cacheName(Path archive) {
            String name = archive.getFileName().toString().replaceAll("\\.jsa$", "");
            return name + "-java" + runtime.replaceAll("[^A-Za-z0-9.+-]", "_") + ".aot";
        }

        /** The same for the cache of {@code validate}. */
        String validateCacheName(Path archive) {
            return cacheName(archive).replaceAll("\\.aot$", "-validate.aot");
        }
    }

    /** A JVM of {@code feature} 17 (any below 25) or 25 (any from 25), this test's own first; skips when none. */
    private static Jvm jvm(int feature) throws IOException {
        List<Path> homes = new ArrayList<>();
        homes.add(Path.of(System.getProperty("java.home")));
        Optional.ofNullable(System.getenv("BATCHFORM_TEST_JAVA25")).map(Path::of).ifPresent(homes::add);
        Path installed = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(installed)) {
            try (Stream<Path> dirs = Files.list(installed)) {
                dirs.sorted().forEach(homes::add);
            }
        }
        Optional<Jvm> found = Optional.empty();
        for (Path home : homes) {
            found = read(home).filter(jvm -> (feature >= 25) == jvm.aot());
            if (found.isPresent()) {
                break;
            }
        }
        // The machines this project builds on have both (OpenJDK 17 and Temurin 25 under /usr/lib/jvm); elsewhere
        // the cases of the missing one are skipped, and say why.
        assumeTrue(found.isPresent(), "no Java " + (feature >= 25 ? "25 or later" : "below 25") + " on this machine");
        return found.get();
    }

    private static Optional<Jvm> read(Path home) throws IOException {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin").resolve("java"))) {
            return Optional.empty();
        }
        String version = null;
        String runtime = null;
        for (String line : Files.readAllLines(release)) {
            if (line.startsWith("JAVA_VERSION=")) {
                version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
            } else if (line.startsWith("JAVA_RUNTIME_VERSION=")) {
                runtime = line.substring("JAVA_RUNTIME_VERSION=".length()).replace("\"", "");
            }
        }
        if (version == null || !version.matches("\\d+.*")) {
            return Optional.empty();
        }
        int feature = Integer.parseInt(version.replaceAll("^(\\d+).*", "$1"));
        return Optional.of(new Jvm(home, feature, runtime == null ? version : runtime));
    }
}
