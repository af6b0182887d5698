package io.batchform.autoscale.tune;

import io.batchform.autoscale.sim.SimulationResult;
import io.batchform.source.Durations;
import io.batchform.source.Suggestions;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bound on a simulated figure, {@code queueWaitP95 <= 10m}: a figure of {@link SimulationResult#FIGURES} (or
 * {@code cost} for {@code costTotal}), {@code <=} or {@code >=} ({@code <} and {@code >} mean the same: the figures
 * are means over seeds), and a limit (a duration for the wait figures, else a number).
 */
public record Constraint(String figure, boolean atMost, double limit) {
    private static final Pattern FORM = Pattern.compile("\\s*([A-Za-z][A-Za-z0-9]*)\\s*(<=|>=|<|>)\\s*(\\S+)\\s*");

    /** A figure's name as the user may write it: {@code cost} is {@code costTotal}. */
    public static String figureName(String name) {
        return name.equals("cost") ? "costTotal" : name;
    }

    /** Why a figure name is not one, or null. */
    public static String unknownFigure(String name) {
        if (SimulationResult.FIGURES.contains(figureName(name))) {
            return null;
        }
        return "no figure '" + name + "'" + Suggestions.didYouMean(name, SimulationResult.FIGURES) + "; known: cost, "
                + String.join(", ", SimulationResult.FIGURES);
    }

    /** Parses {@code FIGURE <= LIMIT}; throws IllegalArgumentException with the reason. */
    public static Constraint parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a constraint such as 'queueWaitP95 <= 10m'");
        }
        String figure = figureName(m.group(1));
        String unknown = unknownFigure(m.group(1));
        if (unknown != null) {
            throw new IllegalArgumentException(unknown);
        }
        double limit;
        if (SimulationResult.isDuration(figure)) {
            OptionalDouble seconds = Durations.seconds(m.group(3));
            if (seconds.isEmpty()) {
                throw new IllegalArgumentException("'" + m.group(3) + "' is not a duration such as 10m (" + figure
                        + " is a wait)");
            }
            limit = seconds.getAsDouble();
        } else {
            try {
                limit = Double.parseDouble(m.group(3));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + m.group(3) + "' is not a number");
            }
        }
        return new Constraint(figure, m.group(2).startsWith("<"), limit);
    }

    /** How far a value is beyond the limit, relative to it (0 when the constraint holds). */
    public double violation(double value) {
        double over = atMost ? value - limit : limit - value;
        return over <= 0 ? 0 : over / Math.max(1e-9, Math.abs(limit) > 0 ? Math.abs(limit) : 1);
    }

    @Override
    public String toString() {
        return figure + (atMost ? " <= " : " >= ") + (SimulationResult.isDuration(figure) ? Durations.format(limit)
                : String.format(Locale.ROOT, "%s", Param.format(limit)));
    }
}
