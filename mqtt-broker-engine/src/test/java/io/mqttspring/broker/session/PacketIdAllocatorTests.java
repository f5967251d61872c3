package io.mqttspring.broker.session;

import java.util.HashSet;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Packet identifiers for outbound QoS 1 and 2 PUBLISH packets (MQTT 5.0 section 2.2.1; IDs from the MQTT 5 checklist).
 */
class PacketIdAllocatorTests {

    private static final IntPredicate NONE_IN_USE = (id) -> false;

    private final PacketIdAllocator allocator = new PacketIdAllocator();

    @Test
    @DisplayName("identifiers are handed out in turn starting at 1")
    void countsUpFromOne() {
        assertThat(IntStream.range(0, 5).map((i) -> this.allocator.next(NONE_IN_USE)).toArray())
                .containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    @DisplayName("[MQTT-2.2.1-4] identifiers stay between 1 and 65535: after 65535 comes 1, never 0")
    void wrapsToOneAfter65535() {
        int last = 0;
        for (int i = 0; i < 65_535; i++) {
            last = this.allocator.next(NONE_IN_USE);
            assertThat(last).isBetween(1, 65_535);
        }
        assertThat(last).isEqualTo(65_535);
        assertThat(this.allocator.next(NONE_IN_USE)).isEqualTo(1);
    }

    @Test
    @DisplayName("[MQTT-2.2.1-4] identifiers in use are skipped")
    void skipsIdentifiersInUse() {
        Set<Integer> inUse = Set.of(1, 2, 4);
        assertThat(this.allocator.next(inUse::contains)).isEqualTo(3);
        assertThat(this.allocator.next(inUse::contains)).isEqualTo(5);
    }

    @ParameterizedTest(name = "only {0} free")
    @ValueSource(ints = { 1, 2, 32_768, 65_534, 65_535 })
    @DisplayName("[MQTT-2.2.1-4] the one free identifier is found wherever it is")
    void findsTheOnlyFreeIdentifier(int free) {
        this.allocator.next(NONE_IN_USE);
        this.allocator.next(NONE_IN_USE);
        assertThat(this.allocator.next((id) -> id != free)).isEqualTo(free);
    }

    @Test
    @DisplayName("with every identifier in use the allocator refuses instead of reusing one")
    void failsWhenAllInUse() {
        assertThatIllegalStateException().isThrownBy(() -> this.allocator.next((id) -> true))
                .withMessageContaining("65535");
    }

    @Test
    @DisplayName("a released identifier is not handed out again at once: allocation goes on in turn")
    void unusedIdentifiersAreNotReusedAtOnce() {
        Set<Integer> inUse = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            inUse.add(this.allocator.next(inUse::contains));
        }
        inUse.remove(3);
        assertThat(this.allocator.next(inUse::contains)).isEqualTo(11);
    }

}
