package io.batchform.source;

/** How bad a diagnostic is. An error stops the pipeline after the phase that found it; a warning never does. */
public enum Severity {
    ERROR("error"),
    WARNING("warning");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    /** The word printed in diagnostics: {@code error} or {@code warning}. */
    public String label() {
        return label;
    }
}
