package io.mqttspring.bench.load;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WindowGateTests {

    private final WindowGate gate = new WindowGate(2);
    private final AtomicInteger wakes = new AtomicInteger();

    WindowGateTests() {
        this.gate.bind(Runnable::run, this.wakes::incrementAndGet);
    }

    @Test
    void slowestSubscriberSetsTheCredit() {
        this.gate.advance(0, 50);
        this.gate.advance(1, 20);
        assertThat(this.gate.slowest()).isEqualTo(20);
    }

    @Test
    void parkedPublisherIsWokenOnceWhenASubscriberAdvances() {
        assertThat(this.gate.park(1)).isTrue();
        this.gate.advance(0, 5);
        this.gate.advance(1, 5);
        assertThat(this.wakes).hasValue(1);
    }

    @Test
    void publisherWithCreditAlreadyBackDoesNotPark() {
        this.gate.advance(0, 10);
        this.gate.advance(1, 10);
        assertThat(this.gate.park(10)).isFalse();
        this.gate.advance(0, 11);
        assertThat(this.wakes).hasValue(0);
    }

    @Test
    void advancingWithoutAParkedPublisherWakesNobody() {
        this.gate.advance(0, 3);
        assertThat(this.wakes).hasValue(0);
    }

}
