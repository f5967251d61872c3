package io.mqttspring.broker.persistence.memory;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.mqttspring.broker.persistence.RetainedMessage;
import io.mqttspring.broker.persistence.RetainedMessageStore;

import org.jspecify.annotations.Nullable;

/**
 * Keeps retained messages in a trie of topic levels, so a subscription visits only the topics its filter can match.
 * Reads take no lock; writes are serialized.
 */
public final class InMemoryRetainedMessageStore implements RetainedMessageStore {

    private final Node root = new Node(null, "");

    private final Object writeLock = new Object();

    private final AtomicInteger size = new AtomicInteger();

    @Override
    public void put(RetainedMessage message) {
        Objects.requireNonNull(message, "message");
        String[] levels = message.topic().split("/", -1);
        synchronized (this.writeLock) {
            Node node = this.root;
            for (String level : levels) {
                Node child = node.children.get(level);
                if (child == null) {
                    child = new Node(node, level);
                    node.children.put(level, child);
                }
                node = child;
            }
            if (node.message == null) {
                this.size.incrementAndGet();
            }
            node.message = message;
        }
    }

    @Override
    public void remove(String topic) {
        String[] levels = topic.split("/", -1);
        synchronized (this.writeLock) {
            Node node = this.root;
            for (int i = 0; i < levels.length && node != null; i++) {
                node = node.children.get(levels[i]);
            }
            if (node == null || node.message == null) {
                return;
            }
            node.message = null;
            this.size.decrementAndGet();
            while (node.parent != null && node.message == null && node.children.isEmpty()) {
                node.parent.children.remove(node.level, node);
                node = node.parent;
            }
        }
    }

    @Override
    public void forEachMatching(String topicFilter, Consumer<RetainedMessage> consumer) {
        match(this.root, topicFilter.split("/", -1), 0, consumer);
    }

    private void match(Node node, String[] filter, int index, Consumer<RetainedMessage> consumer) {
        if (index == filter.length) {
            emit(node, consumer);
            return;
        }
        String level = filter[index];
        // [MQTT-4.7.2-1] a leading wildcard never matches a topic that starts with '$'
        boolean atRoot = index == 0;
        if (level.equals("#")) {
            // "a/#" matches "a" itself as well as everything below it
            emit(node, consumer);
            for (Node child : node.children.values()) {
                if (!atRoot || !child.level.startsWith("$")) {
                    emitAll(child, consumer);
                }
            }
        }
        else if (level.equals("+")) {
            for (Node child : node.children.values()) {
                if (!atRoot || !child.level.startsWith("$")) {
                    match(child, filter, index + 1, consumer);
                }
            }
        }
        else {
            Node child = node.children.get(level);
            if (child != null) {
                match(child, filter, index + 1, consumer);
            }
        }
    }

    private void emitAll(Node node, Consumer<RetainedMessage> consumer) {
        emit(node, consumer);
        for (Node child : node.children.values()) {
            emitAll(child, consumer);
        }
    }

    private static void emit(Node node, Consumer<RetainedMessage> consumer) {
        RetainedMessage message = node.message;
        if (message != null) {
            consumer.accept(message);
        }
    }

    @Override
    public int size() {
        return this.size.get();
    }

    private static final class Node {

        private final @Nullable Node parent;

        private final String level;

        private final Map<String, Node> children = new ConcurrentHashMap<>(4);

        private volatile @Nullable RetainedMessage message;

        Node(@Nullable Node parent, String level) {
            this.parent = parent;
            this.level = level;
        }

    }

}
