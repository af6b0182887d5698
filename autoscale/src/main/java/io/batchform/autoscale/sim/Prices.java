package io.batchform.autoscale.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Hourly Linux prices (USD) and vCPUs of VM sizes by region, shipped in {@code vm-prices.csv} (sources and date in
 * SOURCES.md beside it). Where a size has no low-priority price, 20 % of the dedicated price is used: the fixed
 * discount the westeurope data shows for 248 of 266 sizes.
 */
public final class Prices {
    /** The region used when none is named. */
    public static final String DEFAULT_REGION = "westeurope";
    /** When the shipped table was put together from its sources (SOURCES.md beside it). */
    public static final String AS_OF = "2026-11-22";
    private static final double LOW_PRIORITY_SHARE = 0.20;
    private static final Prices SHIPPED = load();

    /** A VM size's vCPUs and prices; {@code lowPriorityEstimated} when the table had no low-priority price. */
    public record Price(String vmSize, String region, int vcpus, double dedicatedPerHour, double lowPriorityPerHour,
                       boolean lowPriorityEstimated) {
    }

    private final Map<String, Price> byKey;

    private Prices(Map<String, Price> byKey) {
        this.byKey = byKey;
    }

    public static Prices shipped() {
        return SHIPPED;
    }

    public Optional<Price> find(String region, String vmSize) {
        return Optional.ofNullable(byKey.get(key(region, vmSize)));
    }

    /** Sizes priced in a region, for "did you mean". */
    public List<String> sizes(String region) {
        return byKey.values().stream().filter(p -> p.region().equalsIgnoreCase(region)).map(Price::vmSize).toList();
    }

    public List<String> regions() {
        return byKey.values().stream().map(Price::region).distinct().sorted().toList();
    }

    private static String key(String region, String vmSize) {
        return region.toLowerCase(Locale.ROOT) + "/" + vmSize.toLowerCase(Locale.ROOT);
    }

    private static Prices load() {
        Map<String, Price> out = new TreeMap<>();
        try (InputStream in = Prices.class.getResourceAsStream("vm-prices.csv");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            reader.readLine();
            String line;
            while ((line = reader.readLine()) != null) {
                String[] c = line.split(",", -1);
                double dedicated = Double.parseDouble(c[3]);
                boolean estimated = c[4].isBlank();
                double low = estimated ? dedicated * LOW_PRIORITY_SHARE : Double.parseDouble(c[4]);
                out.put(key(c[0], c[1]), new Price(c[1], c[0], Integer.parseInt(c[2]), dedicated, low, estimated));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("vm-prices.csv is part of batchform and always readable", e);
        }
        return new Prices(out);
    }
}
