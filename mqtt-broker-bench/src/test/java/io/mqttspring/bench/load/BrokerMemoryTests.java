package io.mqttspring.bench.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerMemoryTests {

    @Test
    void heapGrowthIsCountedOnceWhenTheCollectorEnlargesTheHeap() {
        BrokerMemory before = new BrokerMemory(300_000, 20_000, 262_144);
        // 64 MB more committed (pre-touched, so in RSS), 10 MB more live, 1 MB more native
        BrokerMemory after = new BrokerMemory(300_000 + 65_536 + 1_024, 30_000, 262_144 + 65_536);
        assertThat(after.nativeGrowthKiB(before)).isEqualTo(1_024);
        assertThat(after.heapGrowthKiB(before)).isEqualTo(10_000);
        assertThat(after.growthKiB(before)).isEqualTo(11_024);
    }

    @Test
    void aProcessWithoutHeapGrowsByItsRss() {
        BrokerMemory before = new BrokerMemory(20_000, -1, -1);
        BrokerMemory after = new BrokerMemory(30_000, -1, -1);
        assertThat(after.comparableTo(before)).isTrue();
        assertThat(after.heapGrowthKiB(before)).isNull();
        assertThat(after.growthKiB(before)).isEqualTo(10_000);
        assertThat(after.comparableTo(new BrokerMemory(-1, -1, -1))).isFalse();
    }

    @Test
    void aReadingWithoutItsHeapIsNotComparedWithOneWithIt() {
        BrokerMemory withHeap = new BrokerMemory(300_000, 20_000, 262_144);
        BrokerMemory heapUnread = new BrokerMemory(301_000, -1, -1);
        // the whole committed heap would otherwise count as native growth
        assertThat(heapUnread.comparableTo(withHeap)).isFalse();
        assertThat(withHeap.comparableTo(heapUnread)).isFalse();
    }

    @Test
    void compilerIsIdleOnlyWithNothingCompilingOrQueued() {
        String idle = "4242:\nCurrent compiles: \n\nC1 compile queue:\nEmpty\n\nC2 compile queue:\nEmpty\n\n";
        String compiling = "4242:\nCurrent compiles: \nC2 CompilerThread0  1234    4  a.B::c (12 bytes)\n\n"
                + "C1 compile queue:\nEmpty\n\nC2 compile queue:\nEmpty\n\n";
        String queued = "4242:\nCurrent compiles: \n\nC1 compile queue:\nEmpty\n\nC2 compile queue:\n"
                + "  1235    4  a.B::d (40 bytes)\n\n";
        assertThat(BrokerMemory.compilerIdle(idle)).isTrue();
        assertThat(BrokerMemory.compilerIdle(compiling)).isFalse();
        assertThat(BrokerMemory.compilerIdle(queued)).isFalse();
    }

}
