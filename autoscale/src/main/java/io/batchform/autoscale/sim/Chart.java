package io.batchform.autoscale.sim;

import java.util.Locale;

/**
 * The chart of a simulation as SVG: target and current nodes (dedicated, and low-priority when there are any) as
 * step lines on the left axis (current solid, target dashed on top in a darker colour, so both show where they
 * coincide), pending tasks as a filled area on the right axis, hours along the bottom, a legend above the plot.
 * Long simulations are drawn from at most {@value #MAX_POINTS} points (each the maximum of its samples), so a month
 * stays a small file.
 */
public final class Chart {
    static final int MAX_POINTS = 2000;
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 420;
    private static final int LEFT = 60;
    private static final int RIGHT = 70;
    private static final int TOP = 64;
    private static final String CURRENT_DEDICATED = "#1f77b4";
    private static final String TARGET_DEDICATED = "#0b1f3a";
    private static final String CURRENT_LOW_PRIORITY = "#2ca02c";
    private static final String TARGET_LOW_PRIORITY = "#7b3294";
    private static final String PENDING = "#f6c26b";
    private static final int BOTTOM = 50;

    private Chart() {
    }

    public static String svg(String title, SimulationResult result) {
        Timeline t = result.timeline();
        int n = t.size();
        int step = Math.max(1, (int) Math.ceil(n / (double) MAX_POINTS));
        boolean low = t.max("targetLowPriorityNodes") > 0 || t.max("currentLowPriorityNodes") > 0;
        // A little headroom, so a line at its maximum does not run along the top edge.
        // At least 5, so the five grid lines are whole nodes and tasks.
        double nodesMax = niceCeiling(1.05 * Math.max(5 / 1.05, Math.max(Math.max(t.max("targetDedicatedNodes"),
                t.max("currentDedicatedNodes")), low ? Math.max(t.max("targetLowPriorityNodes"),
                t.max("currentLowPriorityNodes")) : 0)));
        double tasksMax = niceCeiling(1.05 * Math.max(5 / 1.05, t.max("pendingTasks")));
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        double seconds = Math.max(Simulator.STEP, result.duration());
        StringBuilder out = new StringBuilder();
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        out.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        out.append("<text x=\"").append(LEFT).append("\" y=\"22\" font-size=\"14\" font-weight=\"bold\">")
                .append(escape(title)).append("</text>\n");
        // Axes and grid.
        for (int i = 0; i <= 5; i++) {
            double y = TOP + plotH - plotH * i / 5;
            out.append(line(LEFT, y, LEFT + plotW, y, "#e5e5e5"));
            out.append(text(LEFT - 8, y + 4, number(nodesMax * i / 5), "end", "#1f4e9e"));
            out.append(text(LEFT + plotW + 8, y + 4, number(tasksMax * i / 5), "start", "#b36b00"));
        }
        double hours = seconds / 3600;
        double tick = niceCeiling(hours / 10);
        for (double h = 0; h <= hours + 1e-9; h += tick) {
            double x = LEFT + plotW * (h * 3600) / seconds;
            out.append(line(x, TOP + plotH, x, TOP + plotH + 5, "#333"));
            out.append(text(x, TOP + plotH + 18, number(h) + "h", "middle", "#333"));
        }
        out.append(line(LEFT, TOP, LEFT, TOP + plotH, "#333")).append(line(LEFT + plotW, TOP, LEFT + plotW, TOP + plotH, "#333"))
                .append(line(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH, "#333"));
        out.append(text(LEFT + plotW / 2, HEIGHT - 12, "hours from the start", "middle", "#333"));
        out.append("<text transform=\"translate(16 ").append(fmt(TOP + plotH / 2)).append(") rotate(-90)\" ")
                .append("text-anchor=\"middle\" fill=\"#1f4e9e\">nodes</text>\n");
        out.append("<text transform=\"translate(").append(WIDTH - 14).append(' ').append(fmt(TOP + plotH / 2))
                .append(") rotate(90)\" text-anchor=\"middle\" fill=\"#b36b00\">pending tasks</text>\n");
        // Pending tasks as an area, then the node lines.
        StringBuilder area = new StringBuilder("M").append(fmt(LEFT)).append(',').append(fmt(TOP + plotH));
        for (int i = 0; i < n; i += step) {
            double v = maxOver(t, "pendingTasks", i, Math.min(n, i + step));
            area.append(" L").append(fmt(x(t.time(i) - Simulator.STEP, seconds, plotW))).append(',')
                    .append(fmt(y(v, tasksMax, plotH)));
        }
        area.append(" L").append(fmt(LEFT + plotW)).append(',').append(fmt(TOP + plotH)).append(" Z");
        out.append("<path d=\"").append(area).append("\" fill=\"").append(PENDING)
                .append("\" fill-opacity=\"0.6\" stroke=\"none\"/>\n");
        out.append(steps(t, "currentDedicatedNodes", step, nodesMax, seconds, plotW, plotH, CURRENT_DEDICATED, null));
        if (low) {
            out.append(steps(t, "currentLowPriorityNodes", step, nodesMax, seconds, plotW, plotH, CURRENT_LOW_PRIORITY,
                    null));
            out.append(steps(t, "targetLowPriorityNodes", step, nodesMax, seconds, plotW, plotH, TARGET_LOW_PRIORITY,
                    "5 4"));
        }
        out.append(steps(t, "targetDedicatedNodes", step, nodesMax, seconds, plotW, plotH, TARGET_DEDICATED, "5 4"));
        // Legend, above the plot.
        double lx = LEFT;
        double ly = TOP - 14;
        String[][] entries = low
                ? new String[][] {{"current dedicated", CURRENT_DEDICATED, ""}, {"target dedicated", TARGET_DEDICATED, "5 4"},
                        {"current low-priority", CURRENT_LOW_PRIORITY, ""},
                        {"target low-priority", TARGET_LOW_PRIORITY, "5 4"}, {"pending tasks", PENDING, "area"}}
                : new String[][] {{"current dedicated", CURRENT_DEDICATED, ""}, {"target dedicated", TARGET_DEDICATED, "5 4"},
                        {"pending tasks", PENDING, "area"}};
        for (String[] entry : entries) {
            if (entry[2].equals("area")) {
                out.append("<rect x=\"").append(fmt(lx)).append("\" y=\"").append(fmt(ly - 8)).append("\" width=\"24\" "
                        + "height=\"10\" fill=\"").append(entry[1]).append("\" fill-opacity=\"0.6\"/>\n");
            } else {
                out.append("<line x1=\"").append(fmt(lx)).append("\" y1=\"").append(fmt(ly - 3)).append("\" x2=\"")
                        .append(fmt(lx + 24)).append("\" y2=\"").append(fmt(ly - 3)).append("\" stroke=\"")
                        .append(entry[1]).append("\" stroke-width=\"").append(entry[2].isEmpty() ? "2.5" : "1.5")
                        .append("\"")
                        .append(entry[2].isEmpty() ? "" : " stroke-dasharray=\"" + entry[2] + "\"").append("/>\n");
            }
            out.append(text(lx + 30, ly + 1, entry[0], "start", "#333"));
            lx += 40 + entry[0].length() * 6.5;
        }
        out.append("</svg>\n");
        return out.toString();
    }

    private static String steps(Timeline t, String column, int step, double max, double seconds, double plotW,
                                double plotH, String colour, String dash) {
        StringBuilder path = new StringBuilder();
        double previous = Double.NaN;
        for (int i = 0; i < t.size(); i += step) {
            double v = maxOver(t, column, i, Math.min(t.size(), i + step));
            double x = x(t.time(i) - Simulator.STEP, seconds, plotW);
            if (path.length() == 0) {
                path.append('M').append(fmt(x)).append(',').append(fmt(y(v, max, plotH)));
            } else if (v != previous) {
                path.append(" H").append(fmt(x)).append(" V").append(fmt(y(v, max, plotH)));
            }
            previous = v;
        }
        path.append(" H").append(fmt(LEFT + plotW));
        return "<path d=\"" + path + "\" fill=\"none\" stroke=\"" + colour + "\" stroke-width=\""
                + (dash == null ? "2.5" : "1.5") + "\""
                + (dash == null ? "" : " stroke-dasharray=\"" + dash + "\"") + "/>\n";
    }

    private static double maxOver(Timeline t, String column, int from, int to) {
        double max = 0;
        for (int i = from; i < to; i++) {
            max = Math.max(max, t.value(column, i));
        }
        return max;
    }

    private static double x(double time, double seconds, double plotW) {
        return LEFT + plotW * Math.max(0, time) / seconds;
    }

    private static double y(double value, double max, double plotH) {
        return TOP + plotH - plotH * value / max;
    }

    /** 1, 2, 2.5, 5, 10, 20, 25, 50, ... at or above {@code value}. */
    static double niceCeiling(double value) {
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * power >= value - 1e-9) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private static String line(double x1, double y1, double x2, double y2, String colour) {
        return "<line x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\"" + fmt(y2)
                + "\" stroke=\"" + colour + "\"/>\n";
    }

    private static String text(double x, double y, String content, String anchor, String colour) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\" fill=\"" + colour + "\">"
                + escape(content) + "</text>\n";
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
