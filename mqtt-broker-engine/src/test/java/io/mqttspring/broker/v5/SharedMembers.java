package io.mqttspring.broker.v5;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import io.mqttspring.broker.support.HiveMqClient;
import io.mqttspring.broker.support.Inbox;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.broker.support.Paho5Client;
import org.awaitility.Awaitility;

/**
 * The members of a shared subscription group as seen by a test: what each received, by payload, whatever client it
 * is. Payloads are collected until the expected total arrived, then for a short while more, so that a message
 * delivered twice shows up.
 */
final class SharedMembers {

    private final Map<String, Supplier<List<String>>> drains = new LinkedHashMap<>();

    private final Map<String, List<String>> received = new LinkedHashMap<>();

    SharedMembers hive(String name, HiveMqClient hive) {
        return add(name, hive.messages(), (message) -> new String(message.getPayloadAsBytes(), StandardCharsets.UTF_8));
    }

    SharedMembers paho5(String name, Paho5Client paho) {
        return add(name, paho.messages(), Paho5Client.Received::payload);
    }

    SharedMembers paho3(String name, Paho3Client paho) {
        return add(name, paho.messages(), Paho3Client.Received::payload);
    }

    private <T> SharedMembers add(String name, Inbox<T> messages, Function<T, String> payload) {
        this.drains.put(name, () -> {
            List<String> payloads = new ArrayList<>();
            while (!messages.isEmpty()) {
                payloads.add(payload.apply(messages.next()));
            }
            return payloads;
        });
        this.received.put(name, new ArrayList<>());
        return this;
    }

    /**
     * Wait until the members received {@code total} messages together, then watch 300 ms more for extra ones.
     * @param total how many messages were published
     * @return payloads by member name, in arrival order
     */
    Map<String, List<String>> await(int total) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
            drainAll();
            return count() >= total;
        });
        Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> {
            drainAll();
            return true;
        });
        return this.received;
    }

    List<String> all() {
        List<String> all = new ArrayList<>();
        this.received.values().forEach(all::addAll);
        return all;
    }

    private void drainAll() {
        this.drains.forEach((name, drain) -> this.received.get(name).addAll(drain.get()));
    }

    private int count() {
        return this.received.values().stream().mapToInt(List::size).sum();
    }

}
