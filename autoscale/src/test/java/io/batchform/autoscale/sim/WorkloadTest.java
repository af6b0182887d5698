package io.batchform.autoscale.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WorkloadTest {
    @Test
    void sortsSubmissionsByTimeKeepingTheOrderOfEqualTimes() {
        Workload sorted = Workload.sorted(new double[] {30, 10, 30, 0, 10}, new double[] {1, 2, 3, 4, 5},
                new int[] {1, 1, 1, 1, 1}, null, null, Optional.empty());
        assertThat(sorted.times()).containsExactly(0, 10, 10, 30, 30);
        assertThat(sorted.durations()).containsExactly(4, 2, 5, 1, 3);
    }

    @Test
    void sortsALargeShuffledWorkloadAsAStableSortWould() {
        SplittableRandom random = new SplittableRandom(7);
        int n = 100_000;
        double[] times = new double[n];
        double[] durations = new double[n];
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            times[i] = random.nextInt(5_000);
            durations[i] = i; // the original position, to check stability
            counts[i] = 1;
        }
        Workload sorted = Workload.sorted(times, durations, counts, null, null, Optional.empty());
        for (int i = 1; i < n; i++) {
            assertThat(sorted.times()[i]).isGreaterThanOrEqualTo(sorted.times()[i - 1]);
            if (sorted.times()[i] == sorted.times()[i - 1]) {
                assertThat(sorted.durations()[i]).isGreaterThan(sorted.durations()[i - 1]);
            }
        }
    }
}
