package io.mqttspring.broker.session;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.mqttspring.broker.config.QueueOverflowPolicy;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounded per-session queue: first in, first out, and what each overflow policy drops.
 */
class MessageQueueTests {

    private static Delivery delivery(int number) {
        ApplicationMessage message = ApplicationMessage.builder("t").payload("m" + number).qos(QoS.AT_LEAST_ONCE)
                .build();
        return new Delivery(message, List.of(), null, number);
    }

    private static String name(Delivery delivery) {
        return delivery.message().payloadAsString();
    }

    private static List<String> contents(MessageQueue queue) {
        List<String> names = new ArrayList<>();
        queue.forEach((delivery) -> names.add(name(delivery)));
        return names;
    }

    @ParameterizedTest
    @EnumSource(QueueOverflowPolicy.class)
    @DisplayName("[MQTT-4.6.0-6] deliveries leave in the order they arrived")
    void firstInFirstOut(QueueOverflowPolicy policy) {
        MessageQueue queue = new MessageQueue(10, policy);
        for (int i = 1; i <= 5; i++) {
            assertThat(queue.offer(delivery(i))).isEmpty();
        }
        assertThat(queue.size()).isEqualTo(5);
        assertThat(contents(queue)).containsExactly("m1", "m2", "m3", "m4", "m5");
        List<String> polled = new ArrayList<>();
        Delivery next;
        while ((next = queue.poll()) != null) {
            polled.add(name(next));
        }
        assertThat(polled).containsExactly("m1", "m2", "m3", "m4", "m5");
        assertThat(queue.isEmpty()).isTrue();
    }

    static Stream<Arguments> overflow() {
        return Stream.of(
                // policy, capacity, offered, expected contents, expected drops in order
                Arguments.of(QueueOverflowPolicy.DROP_NEWEST, 3, 3, List.of("m1", "m2", "m3"), List.of()),
                Arguments.of(QueueOverflowPolicy.DROP_NEWEST, 3, 5, List.of("m1", "m2", "m3"), List.of("m4", "m5")),
                Arguments.of(QueueOverflowPolicy.DROP_OLDEST, 3, 3, List.of("m1", "m2", "m3"), List.of()),
                Arguments.of(QueueOverflowPolicy.DROP_OLDEST, 3, 5, List.of("m3", "m4", "m5"), List.of("m1", "m2")),
                Arguments.of(QueueOverflowPolicy.DROP_NEWEST, 1, 3, List.of("m1"), List.of("m2", "m3")),
                Arguments.of(QueueOverflowPolicy.DROP_OLDEST, 1, 3, List.of("m3"), List.of("m1", "m2")),
                Arguments.of(QueueOverflowPolicy.DROP_NEWEST, 0, 2, List.of(), List.of("m1", "m2")),
                Arguments.of(QueueOverflowPolicy.DROP_OLDEST, 0, 2, List.of(), List.of("m1", "m2")));
    }

    @ParameterizedTest(name = "{0}, capacity {1}, {2} offered")
    @MethodSource("overflow")
    @DisplayName("a full queue drops the newest or the oldest delivery as its policy says")
    void overflowPolicies(QueueOverflowPolicy policy, int capacity, int offered, List<String> expectedContents,
            List<String> expectedDrops) {
        MessageQueue queue = new MessageQueue(capacity, policy);
        List<String> dropped = new ArrayList<>();
        for (int i = 1; i <= offered; i++) {
            queue.offer(delivery(i)).forEach((overflow) -> dropped.add(name(overflow)));
        }
        assertThat(contents(queue)).containsExactlyElementsOf(expectedContents);
        assertThat(queue.size()).isEqualTo(expectedContents.size());
        assertThat(dropped).containsExactlyElementsOf(expectedDrops);
    }

    @Test
    @DisplayName("DROP_NEWEST hands back the very delivery that was offered")
    void dropNewestReturnsTheOfferedInstance() {
        MessageQueue queue = new MessageQueue(1, QueueOverflowPolicy.DROP_NEWEST);
        queue.offer(delivery(1));
        Delivery rejected = delivery(2);
        assertThat(queue.offer(rejected)).singleElement().isSameAs(rejected);
    }

    @Test
    @DisplayName("a queue that was polled takes new deliveries again up to its capacity")
    void pollingMakesRoom() {
        MessageQueue queue = new MessageQueue(2, QueueOverflowPolicy.DROP_NEWEST);
        queue.offer(delivery(1));
        queue.offer(delivery(2));
        assertThat(name(queue.poll())).isEqualTo("m1");
        assertThat(queue.offer(delivery(3))).isEmpty();
        assertThat(contents(queue)).containsExactly("m2", "m3");
    }

    @Test
    @DisplayName("clear empties the queue; polling an empty queue returns null")
    void clearAndEmptyPoll() {
        MessageQueue queue = new MessageQueue(5, QueueOverflowPolicy.DROP_OLDEST);
        assertThat(queue.poll()).isNull();
        queue.offer(delivery(1));
        queue.offer(delivery(2));
        queue.clear();
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.size()).isZero();
        assertThat(queue.poll()).isNull();
        assertThat(queue.iterator().hasNext()).isFalse();
    }

    private static Delivery delivery(String payload) {
        ApplicationMessage message = ApplicationMessage.builder("t").payload(payload).qos(QoS.AT_LEAST_ONCE).build();
        return new Delivery(message, List.of(), null, 0);
    }

    @Test
    @DisplayName("with a byte cap, DROP_NEWEST refuses what does not fit; the count cap still applies")
    void byteCapDropNewest() {
        MessageQueue queue = new MessageQueue(10, 10, QueueOverflowPolicy.DROP_NEWEST);
        assertThat(queue.offer(delivery("aaaa"))).isEmpty();
        assertThat(queue.offer(delivery("bbbb"))).isEmpty();
        Delivery tooMuch = delivery("ccc");
        assertThat(queue.offer(tooMuch)).singleElement().isSameAs(tooMuch);
        assertThat(queue.offer(delivery("dd"))).isEmpty();
        assertThat(queue.bytes()).isEqualTo(10);
        assertThat(queue.isFull()).isTrue();
        queue.poll();
        assertThat(queue.bytes()).isEqualTo(6);
        assertThat(queue.isFull()).isFalse();
    }

    @Test
    @DisplayName("with a byte cap, DROP_OLDEST drops as many of the oldest as make room; a message larger than the "
            + "cap is refused alone")
    void byteCapDropOldest() {
        MessageQueue queue = new MessageQueue(10, 10, QueueOverflowPolicy.DROP_OLDEST);
        queue.offer(delivery("aaa"));
        queue.offer(delivery("bbb"));
        queue.offer(delivery("ccc"));
        List<String> dropped = new ArrayList<>();
        queue.offer(delivery("dddddd")).forEach((delivery) -> dropped.add(delivery.message().payloadAsString()));
        assertThat(dropped).containsExactly("aaa", "bbb");
        assertThat(contents(queue)).containsExactly("ccc", "dddddd");
        assertThat(queue.bytes()).isEqualTo(9);
        Delivery huge = delivery("eleven byte");
        assertThat(queue.offer(huge)).singleElement().isSameAs(huge);
        assertThat(contents(queue)).containsExactly("ccc", "dddddd");
        assertThat(queue.removeIf((delivery) -> true)).hasSize(2);
        assertThat(queue.bytes()).isZero();
    }

}
