package io.batchform.autoscale.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FreeSlotsTest {
    @Test
    void spreadPicksTheLeastBusyAndPackTheBusiestWithRoomOldestFirst() {
        FreeSlots free = new FreeSlots(4);
        free.add(130, 2);
        free.add(7, 2);
        free.add(64, 1);
        free.add(200, 1);
        free.add(3, 4); // full: never picked
        assertThat(free.pick(false)).isEqualTo(64);
        assertThat(free.pick(true)).isEqualTo(7);
        free.remove(64, 1);
        assertThat(free.pick(false)).isEqualTo(200);
        free.remove(200, 1);
        free.remove(7, 2);
        assertThat(free.pick(false)).isEqualTo(130);
        free.clear();
        assertThat(free.pick(false)).isEqualTo(-1);
        assertThat(free.pick(true)).isEqualTo(-1);
    }
}
