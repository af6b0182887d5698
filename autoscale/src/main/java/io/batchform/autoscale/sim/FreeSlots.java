package io.batchform.autoscale.sim;

import java.util.Arrays;

/**
 * The ready nodes that have a free slot, grouped by how many of their slots are busy, so that the scheduler picks a
 * node without scanning every node: spread takes the least busy, pack the busiest that still has room, and among
 * equals the oldest (the lowest node index, as {@link Nodes} numbers nodes in the order they were asked for). One
 * bit set per busy count, with its population, so that neither adding nor removing ever scans.
 */
final class FreeSlots {
    private final long[][] byBusy;
    private final int[] population;

    FreeSlots(int slotsPerNode) {
        byBusy = new long[slotsPerNode][1];
        population = new int[slotsPerNode];
    }

    /** A ready node with {@code busy} slots in use (ignored when it has none free). */
    void add(int node, int busy) {
        if (busy >= byBusy.length) {
            return;
        }
        int word = node >>> 6;
        if (word >= byBusy[busy].length) {
            byBusy[busy] = Arrays.copyOf(byBusy[busy], Math.max(word + 1, byBusy[busy].length * 2));
        }
        byBusy[busy][word] |= 1L << node;
        population[busy]++;
    }

    void remove(int node, int busy) {
        if (busy >= byBusy.length) {
            return;
        }
        byBusy[busy][node >>> 6] &= ~(1L << node);
        population[busy]--;
    }

    void clear() {
        for (int busy = 0; busy < byBusy.length; busy++) {
            Arrays.fill(byBusy[busy], 0);
            population[busy] = 0;
        }
    }

    /** The node for the next task, or -1 when no ready node has a free slot. */
    int pick(boolean pack) {
        return pick(pack, 1);
    }

    /** The node for a task that needs {@code slots} free slots on one node, or -1 when no ready node has them. */
    int pick(boolean pack, int slots) {
        int mostBusy = byBusy.length - slots;
        if (pack) {
            for (int busy = mostBusy; busy >= 0; busy--) {
                if (population[busy] > 0) {
                    return lowest(byBusy[busy]);
                }
            }
        } else {
            for (int busy = 0; busy <= mostBusy; busy++) {
                if (population[busy] > 0) {
                    return lowest(byBusy[busy]);
                }
            }
        }
        return -1;
    }

    /**
     * {@code count} distinct nodes with a free slot each, in the order {@link #pick(boolean)} would prefer them
     * (spread: least busy first; pack: busiest first; then oldest), or null when fewer have one.
     */
    int[] pickDistinct(boolean pack, int count) {
        int[] chosen = new int[count];
        int found = 0;
        for (int step = 0; step < byBusy.length && found < count; step++) {
            int busy = pack ? byBusy.length - 1 - step : step;
            long[] words = byBusy[busy];
            for (int w = 0; w < words.length && population[busy] > 0 && found < count; w++) {
                long bits = words[w];
                while (bits != 0 && found < count) {
                    chosen[found++] = (w << 6) + Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                }
            }
        }
        return found == count ? chosen : null;
    }

    private static int lowest(long[] words) {
        for (int i = 0; i < words.length; i++) {
            if (words[i] != 0) {
                return (i << 6) + Long.numberOfTrailingZeros(words[i]);
            }
        }
        throw new IllegalStateException("a populated set with no bit");
    }
}
