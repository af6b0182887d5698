package io.batchform.quota;

import io.batchform.source.Diagnostic;
import java.util.List;

/**
 * What the spec needs against what it has: one row per account and quota, one per region for the accounts, and the
 * diagnostics (a shortfall is an error, naming the numbers; an unbounded pool a warning).
 */
public record QuotaReport(List<Row> rows, List<RegionRow> regions, List<Diagnostic> diagnostics) {
    public QuotaReport {
        rows = List.copyOf(rows);
        regions = List.copyOf(regions);
        diagnostics = List.copyOf(diagnostics);
    }

    /**
     * One quota of one account. {@code live} is the account's quota as Azure reports it (null when the account does
     * not exist yet), {@code declared} what the spec's {@code quotas:} says it needs (null when not stated),
     * {@code unbounded} the pools whose largest size nobody knows (a formula without a bound and no {@code maxNodes}):
     * they are counted as none, so {@code needed} is then only a lower bound.
     */
    public record Row(String account, String accountName, String region, String quota, long needed, Long declared,
                      Long live, List<String> unbounded) {
        public Row {
            unbounded = List.copyOf(unbounded);
        }

        /** Whether {@code needed} is a lower bound (some pool's demand is unknown). */
        public boolean atLeast() {
            return !unbounded.isEmpty();
        }

        /** The quota the check uses: the live one, else the declared one; null when neither is known. */
        public Long limit() {
            return live != null ? live : declared;
        }

        public Long headroom() {
            return limit() == null ? null : limit() - needed;
        }

        public boolean isShort() {
            return limit() != null && needed > limit();
        }
    }

    /** Batch accounts in a region of the subscription: those there now plus those the plan creates. */
    public record RegionRow(String region, long existing, long created, Long quota) {
        public long needed() {
            return existing + created;
        }

        public boolean isShort() {
            return quota != null && needed() > quota;
        }
    }

    /** The pools whose demand is unknown, once each. */
    public List<String> unboundedPools() {
        return rows.stream().flatMap(r -> r.unbounded().stream()).distinct().sorted().toList();
    }

    public boolean hasShortfall() {
        return rows.stream().anyMatch(Row::isShort) || regions.stream().anyMatch(RegionRow::isShort);
    }
}
