package io.mqttspring.broker.v5;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.mqttspring.broker.v5.Mqtt5Clients.Hive;
import io.mqttspring.broker.v5.Mqtt5Clients.Paho;

import org.awaitility.Awaitility;

/**
 * The members of a shared subscription group as seen by a test: what each received, by payload, whatever client it
 * is. Payloads are collected until the expected total arrived, then for a short while more, so that a message
 * delivered twice shows up.
 */
final class SharedMembers {

    private final Map<String, Supplier<List<String>>> drains = new LinkedHashMap<>();

    private final Map<String, List<String>> received = new LinkedHashMap<>();

    SharedMembers hive(String name, Hive hive) {
        return add(name, () -> {
            List<String> payloads = new ArrayList<>();
            while (!hive.messages().isEmpty()) {
                payloads.add(new String(hive.messages().next().getPayloadAsBytes(), StandardCharsets.UTF_8));
            }
            return payloads;
        });
    }

    SharedMembers paho(String name, Paho paho) {
        return add(name, () -> {
            List<String> payloads = new ArrayList<>();
            while (!paho.messages().isEmpty()) {
                payloads.add(paho.messages().next().payload());
            }
            return payloads;
        });
    }

    SharedMembers inbox(String name, Inbox<String> inbox) {
        return add(name, () -> {
            List<String> payloads = new ArrayList<>();
            while (!inbox.isEmpty()) {
                payloads.add(inbox.next());
            }
            return payloads;
        });
    }

    private SharedMembers add(String name, Supplier<List<String>> drain) {
        this.drains.put(name, drain);
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
