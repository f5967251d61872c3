package io.mqttspring.broker.persistence.rocksdb;

import java.util.function.Consumer;

import io.mqttspring.broker.persistence.RetainedMessage;
import io.mqttspring.broker.persistence.RetainedMessageStore;
import io.mqttspring.broker.persistence.memory.InMemoryRetainedMessageStore;
import io.mqttspring.broker.persistence.rocksdb.Records.MessageRecord;

/**
 * Retained messages served from memory and written behind to the store, through the same writer as the sessions'
 * changes, so a publication's acknowledgement under {@code SYNC} also waits for its retained message.
 */
final class RocksDbRetainedMessageStore implements RetainedMessageStore {

    private final InMemoryRetainedMessageStore memory = new InMemoryRetainedMessageStore();

    private final StoreWriter writer;

    RocksDbRetainedMessageStore(StoreWriter writer) {
        this.writer = writer;
    }

    /**
     * Take a message read from the store at start.
     */
    void load(RetainedMessage message) {
        this.memory.put(message);
    }

    @Override
    public void put(RetainedMessage message) {
        this.memory.put(message);
        if (isBrokerStatistics(message.topic())) {
            return;
        }
        byte[] key = Records.key(Records.RETAINED, message.topic());
        byte[] value = Records.encode(new MessageRecord(message.message(), null, message.arrivedAt()));
        this.writer.submit((batch) -> batch.put(key, value));
    }

    @Override
    public void remove(String topic) {
        this.memory.remove(topic);
        if (isBrokerStatistics(topic)) {
            return;
        }
        byte[] key = Records.key(Records.RETAINED, topic);
        this.writer.submit((batch) -> batch.delete(key));
    }

    // $SYS figures describe this run of the broker and are published again every interval: not worth a disk write,
    // and stale after a restart
    private static boolean isBrokerStatistics(String topic) {
        return topic.startsWith("$SYS/");
    }

    @Override
    public void forEachMatching(String topicFilter, Consumer<RetainedMessage> consumer) {
        this.memory.forEachMatching(topicFilter, consumer);
    }

    @Override
    public int size() {
        return this.memory.size();
    }

}
