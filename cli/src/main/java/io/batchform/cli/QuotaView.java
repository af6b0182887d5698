package io.batchform.cli;

import io.batchform.engine.LoadedSpec;
import io.batchform.engine.Outcomes.PlanOutcome;
import io.batchform.quota.QuotaReport;
import io.batchform.render.QuotaRenderer;
import io.batchform.render.Style;
import io.batchform.source.Diagnostic;
import io.batchform.source.DiagnosticFormatter;
import java.io.PrintWriter;
import java.util.List;

/** How quota checks read: the table, each standby region as if active (with warnings), the problems at their place. */
final class QuotaView {
    private QuotaView() {
    }

    /**
     * The quotas of a plan, as plan and apply print them after it ({@code separated}: after a blank line); returns
     * false when one is short (then the error line ends with {@code closing}).
     */
    static boolean show(PlanOutcome planned, boolean json, boolean separated, Style style, PrintWriter out,
                        PrintWriter err, String closing) {
        if (!json) {
            if (separated) {
                out.println();
            }
            out.print(QuotaRenderer.human(planned.quotas(), style));
            out.println();
            printIfActive(planned.ifActive(), planned.spec(), style, out, err);
        }
        out.flush();
        if (printProblems(planned.quotas(), planned.spec(), err)) {
            err.println("error: the spec does not fit the quotas above; " + closing);
            err.flush();
            return false;
        }
        return true;
    }

    /** Prints the standby regions' reports: their tables and, for a shortfall, a warning with the increase to request. */
    static void printIfActive(List<QuotaReport> reports, LoadedSpec loaded, Style style, PrintWriter out,
                              PrintWriter err) {
        for (QuotaReport report : reports) {
            String region = report.regions().isEmpty() ? "?" : report.regions().get(0).region();
            out.println("If " + region + " became active (batchform failover plan --to " + region + "):");
            out.print(QuotaRenderer.rows(report, style));
            out.println();
            List<Diagnostic> warnings = report.diagnostics().stream()
                    .filter(Diagnostic::isError)
                    .map(d -> Diagnostic.warning(d.span(), "once " + region + " is active, "
                            + d.message() + "; raise it now, a switchover there would be refused"))
                    .toList();
            err.print(DiagnosticFormatter.formatAll(warnings, loaded.texts()));
        }
        out.flush();
        err.flush();
    }

    /** Prints the report's problems at their positions; true when one is an error (a shortfall). */
    static boolean printProblems(QuotaReport report, LoadedSpec loaded, PrintWriter err) {
        err.print(DiagnosticFormatter.formatAll(report.diagnostics(), loaded.texts()));
        err.flush();
        return report.hasShortfall();
    }
}
