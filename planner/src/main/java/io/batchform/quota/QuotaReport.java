package io.batchform.quota;

import io.batchform.source.Diagnostic;
import java.util.List;

/**
 * What the spec needs against what it has: one row per account and quota, one per region for the accounts, one per
 * region and Compute quota for the pools of UserSubscription accounts ({@code subscription}: they draw on the
 * subscription's vCPUs, not on an account's cores), the pools whose VM size Batch does not offer in their region
 * ({@code notOffered}), and the diagnostics (a shortfall is an error, naming the numbers; an unbounded pool and a size
 * not offered are warnings).
 */
public record QuotaReport(List<Row> rows, List<RegionRow> regions, List<SubscriptionRow> subscription,
                          List<NotOffered> notOffered, List<Diagnostic> diagnostics) {
    /** The code of the diagnostic about a VM size Batch does not offer in a pool's region. */
    public static final String NOT_OFFERED = "VmSizeNotOffered";

    public QuotaReport {
        rows = List.copyOf(rows);
        regions = List.copyOf(regions);
        subscription = List.copyOf(subscription);
        notOffered = List.copyOf(notOffered);
        diagnostics = List.copyOf(diagnostics);
    }

    /** A report with the account rows and region rows only. */
    public QuotaReport(List<Row> rows, List<RegionRow> regions, List<Diagnostic> diagnostics) {
        this(rows, regions, List.of(), List.of(), diagnostics);
    }

    /**
     * One Compute quota of the subscription in a region, for the pools of its UserSubscription accounts there
     * ({@code accounts}): {@code quota} as shown ({@code vCPUs}, {@code Spot vCPUs}, {@code vCPUs, standardDSv3Family}),
     * {@code usage} the name Compute gives it ({@code cores}, {@code lowPriorityCores}, the family), {@code limit} the
     * subscription's limit and {@code usedElsewhere} the vCPUs in use by anything but these pools (both null when
     * unknown), {@code unbounded} as in {@link Row}.
     */
    public record SubscriptionRow(String region, String quota, String usage, long needed, Long limit, Long usedElsewhere,
                                  List<String> accounts, List<String> unbounded) {
        public SubscriptionRow {
            accounts = List.copyOf(accounts);
            unbounded = List.copyOf(unbounded);
        }

        public boolean atLeast() {
            return !unbounded.isEmpty();
        }

        /** What the spec's pools may use: the limit less what is used elsewhere; null when unknown. */
        public Long available() {
            return limit == null ? null : limit - (usedElsewhere == null ? 0 : usedElsewhere);
        }

        public Long headroom() {
            return available() == null ? null : available() - needed;
        }

        public boolean isShort() {
            return available() != null && needed > available();
        }

        /** The limit to ask for so that the pools fit: what they need plus what is used elsewhere. */
        public long newLimit() {
            return needed + (usedElsewhere == null ? 0 : usedElsewhere);
        }
    }

    /** A pool whose VM size Batch does not offer in its region (as the region lists its supported sizes). */
    public record NotOffered(String pool, String region, String vmSize) {
    }

    /** This report with its {@link #NOT_OFFERED} diagnostics as errors: where the region must take the work now. */
    public QuotaReport notOfferedAsErrors() {
        return new QuotaReport(rows, regions, subscription, notOffered, diagnostics.stream()
                .map(d -> NOT_OFFERED.equals(d.code()) && !d.isError()
                        ? d.with(io.batchform.source.Severity.ERROR, d.message()) : d).toList());
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
        return java.util.stream.Stream.concat(rows.stream().flatMap(r -> r.unbounded().stream()),
                subscription.stream().flatMap(r -> r.unbounded().stream())).distinct().sorted().toList();
    }

    public boolean hasShortfall() {
        return rows.stream().anyMatch(Row::isShort) || regions.stream().anyMatch(RegionRow::isShort)
                || subscription.stream().anyMatch(SubscriptionRow::isShort);
    }
}
