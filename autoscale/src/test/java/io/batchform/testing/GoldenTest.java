package io.batchform.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldenTest {
    @TempDir
    Path dir;

    @Test
    void aMissingGoldenFailsAndIsNotWritten() {
        Path file = dir.resolve("case/plan.txt");
        assertThatThrownBy(() -> Golden.assertMatches(file, "+ pool.render\n", false))
                .isInstanceOf(AssertionError.class)
                .hasMessage("golden file " + file + " is missing; write it with -Dgolden.update=true and review it like code");
        assertThat(file).doesNotExist();
        assertThat(file.getParent()).doesNotExist();
    }

    @Test
    void aMissingGoldenFailsThroughThePublicEntryWithoutTheUpdateProperty() {
        assumeFalse(Boolean.getBoolean(Golden.UPDATE_PROPERTY), "a run that rewrites goldens writes this one too");
        Path file = dir.resolve("absent.txt");
        assertThatThrownBy(() -> Golden.assertMatches(file, "anything")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("is missing");
        assertThat(file).doesNotExist();
    }

    @Test
    void aDifferentGoldenFailsWithTheChangedLinesBetweenUnchangedOnes() throws IOException {
        Path file = dir.resolve("plan.txt");
        Files.writeString(file, "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\n");
        assertThatThrownBy(() -> Golden.assertMatches(file, "one\ntwo\nthree\nfour\nFIVE\nsix\nseven\neight\n", false))
                .isInstanceOf(AssertionError.class)
                .hasMessage("output differs from golden file " + file + " (rewrite it with -Dgolden.update=true if the"
                        + " change is intended):\n"
                        + "@@ line 5 @@\n  two\n  three\n  four\n- five\n+ FIVE\n  six\n  seven\n  eight\n");
        assertThat(file).hasContent("one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\n");
    }

    @Test
    void aMissingFinalNewlineAndCarriageReturnsAreVisible() {
        assertThat(Golden.diff("a\nb\n", "a\nb")).isEqualTo("@@ line 2 @@\n  a\n- b\n+ b\\ (no newline at end)\n");
        assertThat(Golden.diff("a\n", "a\r\n")).isEqualTo("@@ line 1 @@\n- a\n+ a\\r\n");
        assertThat(Golden.diff("a\n", "a\nb\n")).isEqualTo("@@ line 2 @@\n  a\n+ b\n");
    }

    @Test
    void aLongChangeIsCutShort() {
        String many = "x\n".repeat(100);
        assertThat(Golden.diff("", many)).startsWith("@@ line 1 @@\n+ x\n").endsWith("+ x\n+ ... 60 more lines\n");
    }

    @Test
    void anEqualGoldenPassesAndAnUpdateWritesTheFileAndItsFolders() throws IOException {
        Path file = dir.resolve("new/case/out.txt");
        Golden.assertMatches(file, "written\n", true);
        assertThat(file).hasContent("written\n");
        Golden.assertMatches(file, "written\n", false);
        Golden.assertMatches(file, "rewritten\n", true);
        assertThat(Files.readString(file)).isEqualTo("rewritten\n");
    }
}
