package io.batchform.autoscale.sim;

import java.util.Locale;

/**
 * The chart of a simulation as SVG, drawn from its {@link ChartSeries} (so any run's chart comes from bounded
 * memory): nodes ready to run tasks (dedicated, and low-priority when there are any) as solid step lines and nodes
 * still starting (allocating) apart from them, targets dashed on top in a darker colour, pending tasks as a filled
 * area on the right axis, time along the bottom (hours, or days past three days), a legend above the plot. When a
 * point stands for more than one sample (an hour for 90 days, a day for three years), lines are the mean over it
 * and a lighter band the envelope from its minimum to its maximum; targets and starting nodes show their maximum.
 */
public final class Chart {
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 420;
    private static final int LEFT = 60;
    private static final int RIGHT = 70;
    private static final int TOP = 64;
    private static final String CURRENT_DEDICATED = "#1f77b4";
    private static final String TARGET_DEDICATED = "#0b1f3a";
    private static final String CURRENT_LOW_PRIORITY = "#2ca02c";
    private static final String TARGET_LOW_PRIORITY = "#7b3294";
    private static final String STARTING = "#d62728";
    private static final String PENDING = "#f6c26b";
    private static final int BOTTOM = 50;

    private Chart() {
    }

    public static String svg(String title, SimulationResult result) {
        ChartSeries t = result.chart();
        boolean low = t.peak("targetLowPriorityNodes") > 0 || t.peak("readyLowPriorityNodes") > 0;
        boolean envelope = t.aggregated();
        // A little headroom, so a line at its maximum does not run along the top edge.
        // At least 5, so the five grid lines are whole nodes and tasks.
        double nodesMax = niceCeiling(1.05 * Math.max(5 / 1.05, Math.max(Math.max(Math.max(
                t.peak("targetDedicatedNodes"), t.peak("readyDedicatedNodes")), t.peak("startingNodes")),
                low ? Math.max(t.peak("targetLowPriorityNodes"), t.peak("readyLowPriorityNodes")) : 0)));
        double tasksMax = niceCeiling(1.05 * Math.max(5 / 1.05, t.peak("pendingTasks")));
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
        if (envelope) {
            out.append(text(WIDTH - RIGHT, 22, "each point " + io.batchform.source.Durations.format(t.bucketSeconds())
                    + ": lines the mean, bands min to max", "end", "#666"));
        }
        // Axes and grid.
        for (int i = 0; i <= 5; i++) {
            double y = TOP + plotH - plotH * i / 5;
            out.append(line(LEFT, y, LEFT + plotW, y, "#e5e5e5"));
            out.append(text(LEFT - 8, y + 4, number(nodesMax * i / 5), "end", "#1f4e9e"));
            out.append(text(LEFT + plotW + 8, y + 4, number(tasksMax * i / 5), "start", "#b36b00"));
        }
        boolean days = seconds > 3 * 86_400;
        double unit = days ? 86_400 : 3600;
        double units = seconds / unit;
        double tick = niceCeiling(units / 10);
        for (double h = 0; h <= units + 1e-9; h += tick) {
            double x = LEFT + plotW * (h * unit) / seconds;
            out.append(line(x, TOP + plotH, x, TOP + plotH + 5, "#333"));
            out.append(text(x, TOP + plotH + 18, number(h) + (days ? "d" : "h"), "middle", "#333"));
        }
        out.append(line(LEFT, TOP, LEFT, TOP + plotH, "#333")).append(line(LEFT + plotW, TOP, LEFT + plotW, TOP + plotH, "#333"))
                .append(line(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH, "#333"));
        out.append(text(LEFT + plotW / 2, HEIGHT - 12, (days ? "days" : "hours") + " from the start", "middle", "#333"));
        out.append("<text transform=\"translate(16 ").append(fmt(TOP + plotH / 2)).append(") rotate(-90)\" ")
                .append("text-anchor=\"middle\" fill=\"#1f4e9e\">nodes</text>\n");
        out.append("<text transform=\"translate(").append(WIDTH - 14).append(' ').append(fmt(TOP + plotH / 2))
                .append(") rotate(90)\" text-anchor=\"middle\" fill=\"#b36b00\">pending tasks</text>\n");
        // Pending tasks as an area (its maximum, and the mean darker when aggregated), then the node lines.
        out.append(area(t, "pendingTasks", Stat.MAX, tasksMax, seconds, plotW, plotH, envelope ? "0.35" : "0.6"));
        if (envelope) {
            out.append(area(t, "pendingTasks", Stat.MEAN, tasksMax, seconds, plotW, plotH, "0.6"));
            out.append(band(t, "readyDedicatedNodes", nodesMax, seconds, plotW, plotH, CURRENT_DEDICATED));
            if (low) {
                out.append(band(t, "readyLowPriorityNodes", nodesMax, seconds, plotW, plotH, CURRENT_LOW_PRIORITY));
            }
        }
        out.append(steps(t, "readyDedicatedNodes", Stat.MEAN, nodesMax, seconds, plotW, plotH, CURRENT_DEDICATED, null));
        if (low) {
            out.append(steps(t, "readyLowPriorityNodes", Stat.MEAN, nodesMax, seconds, plotW, plotH,
                    CURRENT_LOW_PRIORITY, null));
            out.append(steps(t, "targetLowPriorityNodes", Stat.MAX, nodesMax, seconds, plotW, plotH,
                    TARGET_LOW_PRIORITY, "5 4"));
        }
        out.append(steps(t, "startingNodes", Stat.MAX, nodesMax, seconds, plotW, plotH, STARTING, "2 2"));
        out.append(steps(t, "targetDedicatedNodes", Stat.MAX, nodesMax, seconds, plotW, plotH, TARGET_DEDICATED,
                "5 4"));
        // Legend, above the plot.
        double lx = LEFT;
        double ly = TOP - 14;
        java.util.List<String[]> entries = new java.util.ArrayList<>();
        entries.add(new String[] {"ready dedicated", CURRENT_DEDICATED, ""});
        entries.add(new String[] {"target dedicated", TARGET_DEDICATED, "5 4"});
        if (low) {
            entries.add(new String[] {"ready low-priority", CURRENT_LOW_PRIORITY, ""});
            entries.add(new String[] {"target low-priority", TARGET_LOW_PRIORITY, "5 4"});
        }
        entries.add(new String[] {"starting", STARTING, "2 2"});
        entries.add(new String[] {"pending tasks", PENDING, "area"});
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

    /**
     * The trade-off between cost and queue wait as SVG: every candidate a tuner simulated as a dot (cost along the
     * bottom, p95 wait up the side), the candidates no other beats on both joined as a line (the Pareto front), the
     * best ringed, and the wait limit, if any, as a dashed line.
     *
     * @param points  (cost USD, wait seconds) of each candidate
     * @param front   the Pareto front, by cost
     * @param best    the chosen candidate, or null
     * @param limit   the p95 wait limit in seconds, or NaN
     */
    public static String tradeOff(String title, java.util.List<double[]> points, java.util.List<double[]> front,
                                  double[] best, double limit) {
        double costMin = Double.POSITIVE_INFINITY;
        double costMax = 0;
        double waitMax = Double.isNaN(limit) ? 0 : limit;
        for (double[] p : points) {
            costMin = Math.min(costMin, p[0]);
            costMax = Math.max(costMax, p[0]);
            waitMax = Math.max(waitMax, p[1]);
        }
        if (points.isEmpty()) {
            costMin = 0;
        }
        double minutes = niceCeiling(Math.max(1, 1.05 * waitMax / 60));
        double x0 = Math.max(0, Math.floor(costMin * 0.95));
        double x1 = Math.max(x0 + 1, costMax * 1.05);
        double span = niceCeiling((x1 - x0) / 5) * 5;
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        java.util.function.DoubleUnaryOperator px = c -> LEFT + plotW * (c - x0) / span;
        java.util.function.DoubleUnaryOperator py = w -> TOP + plotH - plotH * Math.min(w / 60, minutes) / minutes;
        StringBuilder out = new StringBuilder();
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        out.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        out.append("<text x=\"").append(LEFT).append("\" y=\"22\" font-size=\"14\" font-weight=\"bold\">")
                .append(escape(title)).append("</text>\n");
        for (int i = 0; i <= 5; i++) {
            double y = TOP + plotH - plotH * i / 5;
            out.append(line(LEFT, y, LEFT + plotW, y, "#e5e5e5"));
            out.append(text(LEFT - 8, y + 4, number(minutes * i / 5), "end", "#333"));
            double x = LEFT + plotW * i / 5;
            out.append(line(x, TOP + plotH, x, TOP + plotH + 5, "#333"));
            out.append(text(x, TOP + plotH + 18, number(x0 + span * i / 5), "middle", "#333"));
        }
        out.append(line(LEFT, TOP, LEFT, TOP + plotH, "#333")).append(line(LEFT, TOP + plotH, LEFT + plotW,
                TOP + plotH, "#333"));
        out.append(text(LEFT + plotW / 2, HEIGHT - 12, "cost (USD)", "middle", "#333"));
        out.append("<text transform=\"translate(16 ").append(fmt(TOP + plotH / 2)).append(") rotate(-90)\" ")
                .append("text-anchor=\"middle\" fill=\"#333\">queue wait p95 (minutes)</text>\n");
        if (!Double.isNaN(limit)) {
            out.append("<line x1=\"").append(fmt(LEFT)).append("\" y1=\"").append(fmt(py.applyAsDouble(limit)))
                    .append("\" x2=\"").append(fmt(LEFT + plotW)).append("\" y2=\"").append(fmt(py.applyAsDouble(limit)))
                    .append("\" stroke=\"#d62728\" stroke-dasharray=\"5 4\"/>\n");
            out.append(text(LEFT + plotW - 4, py.applyAsDouble(limit) - 6, "limit", "end", "#d62728"));
        }
        for (double[] p : points) {
            out.append("<circle cx=\"").append(fmt(px.applyAsDouble(p[0]))).append("\" cy=\"")
                    .append(fmt(py.applyAsDouble(p[1]))).append("\" r=\"3\" fill=\"").append(CURRENT_DEDICATED)
                    .append("\" fill-opacity=\"0.45\"/>\n");
        }
        if (!front.isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (double[] p : front) {
                path.append(path.length() == 0 ? "M" : " L").append(fmt(px.applyAsDouble(p[0]))).append(',')
                        .append(fmt(py.applyAsDouble(p[1])));
            }
            out.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(TARGET_DEDICATED)
                    .append("\" stroke-width=\"1.5\"/>\n");
        }
        if (best != null) {
            out.append("<circle cx=\"").append(fmt(px.applyAsDouble(best[0]))).append("\" cy=\"")
                    .append(fmt(py.applyAsDouble(best[1]))).append("\" r=\"7\" fill=\"none\" stroke=\"#d62728\" "
                            + "stroke-width=\"2\"/>\n");
        }
        double lx = LEFT;
        double ly = TOP - 14;
        out.append("<circle cx=\"").append(fmt(lx + 12)).append("\" cy=\"").append(fmt(ly - 3)).append("\" r=\"3\" "
                + "fill=\"").append(CURRENT_DEDICATED).append("\" fill-opacity=\"0.45\"/>\n");
        out.append(text(lx + 30, ly + 1, "candidate (mean over seeds)", "start", "#333"));
        lx += 40 + 27 * 6.5;
        out.append(line(lx, ly - 3, lx + 24, ly - 3, TARGET_DEDICATED));
        out.append(text(lx + 30, ly + 1, "Pareto front", "start", "#333"));
        lx += 40 + 12 * 6.5;
        out.append("<circle cx=\"").append(fmt(lx + 12)).append("\" cy=\"").append(fmt(ly - 3)).append("\" r=\"6\" "
                + "fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\"/>\n");
        out.append(text(lx + 30, ly + 1, "best", "start", "#333"));
        out.append("</svg>\n");
        return out.toString();
    }

    private enum Stat { MIN, MEAN, MAX }

    private static double value(ChartSeries t, String series, Stat stat, int b) {
        return switch (stat) {
            case MIN -> t.min(series, b);
            case MEAN -> t.mean(series, b);
            case MAX -> t.max(series, b);
        };
    }

    private static String steps(ChartSeries t, String series, Stat stat, double max, double seconds, double plotW,
                                double plotH, String colour, String dash) {
        StringBuilder path = new StringBuilder();
        double previous = Double.NaN;
        for (int b = 0; b < t.size(); b++) {
            double v = value(t, series, stat, b);
            double x = x(t.start(b), seconds, plotW);
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

    /** A filled area from the axis to a statistic of a series. */
    private static String area(ChartSeries t, String series, Stat stat, double max, double seconds, double plotW,
                               double plotH, String opacity) {
        StringBuilder area = new StringBuilder("M").append(fmt(LEFT)).append(',').append(fmt(TOP + plotH));
        for (int b = 0; b < t.size(); b++) {
            area.append(" L").append(fmt(x(t.start(b), seconds, plotW))).append(',')
                    .append(fmt(y(value(t, series, stat, b), max, plotH)));
        }
        area.append(" L").append(fmt(LEFT + plotW)).append(',').append(fmt(TOP + plotH)).append(" Z");
        return "<path d=\"" + area + "\" fill=\"" + PENDING + "\" fill-opacity=\"" + opacity + "\" stroke=\"none\"/>\n";
    }

    /** The envelope of a series: a band from each bucket's minimum to its maximum. */
    private static String band(ChartSeries t, String series, double max, double seconds, double plotW, double plotH,
                               String colour) {
        if (t.size() == 0) {
            return "";
        }
        StringBuilder path = new StringBuilder();
        for (int b = 0; b < t.size(); b++) {
            double x0 = x(t.start(b), seconds, plotW);
            double x1 = x(t.start(b) + t.bucketSeconds(), seconds, plotW);
            double y = y(t.max(series, b), max, plotH);
            path.append(b == 0 ? "M" : " L").append(fmt(x0)).append(',').append(fmt(y)).append(" L").append(fmt(x1))
                    .append(',').append(fmt(y));
        }
        for (int b = t.size() - 1; b >= 0; b--) {
            double x0 = x(t.start(b), seconds, plotW);
            double x1 = x(t.start(b) + t.bucketSeconds(), seconds, plotW);
            double y = y(t.min(series, b), max, plotH);
            path.append(" L").append(fmt(x1)).append(',').append(fmt(y)).append(" L").append(fmt(x0)).append(',')
                    .append(fmt(y));
        }
        return "<path d=\"" + path + " Z\" fill=\"" + colour + "\" fill-opacity=\"0.2\" stroke=\"none\"/>\n";
    }

    private static double x(double time, double seconds, double plotW) {
        return LEFT + plotW * Math.min(seconds, Math.max(0, time)) / seconds;
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
