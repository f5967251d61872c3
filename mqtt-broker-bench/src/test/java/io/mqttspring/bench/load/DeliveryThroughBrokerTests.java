package io.mqttspring.bench.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.support.BrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A subscriber of the load tool against a real broker that is fed wrong messages through its in-process API.
 */
class DeliveryThroughBrokerTests {

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension();

    @Test
    void duplicatesAndMisroutedMessagesAreCountedAndFailTheRun() {
        byte[][] topics = { "bench/in/0".getBytes(StandardCharsets.UTF_8), "bench/in/1".getBytes(StandardCharsets.UTF_8) };
        DeliveryLedger ledger = new DeliveryLedger(0, topics, 1, 32, null);
        LoadOptions options = LoadOptions.parse("--scenario", "fan-in", "--port", String.valueOf(this.broker.port()));
        try (LoadRun run = new LoadRun(options)) {
            SubscriberConnection sub = new SubscriberConnection(run.clientId("s", 0), "bench/in/+", 1, ledger, null, 0,
                    run.failures());
            assertThat(run.openAll(List.of(sub))).isTrue();
            publish("bench/in/0", 0, 0);
            publish("bench/in/0", 0, 0); // the same sequence number again
            publish("bench/in/0", 1, 0); // publisher 1 on publisher 0's topic
            publish("bench/in/7", 7, 0); // a publisher this subscriber does not expect
            publish("bench/in/1", 1, 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> ledger.deliveredSoFar() == 2);
            run.disconnectAll(List.of(sub));
        }
        Tally tally = new Tally();
        tally.add(ledger, new long[] { 2, 1 });
        Verdict verdict = new Verdict();
        tally.judge(verdict, 1, 3);
        LoadResult result = new LoadResult(LoadOptions.parse("--scenario", "fan-in"));
        tally.fill(result);
        result.judge(verdict);
        assertThat(result.received).isEqualTo(2);
        assertThat(result.duplicates).isEqualTo(1);
        assertThat(result.misrouted).isEqualTo(2);
        assertThat(result.lost).isEqualTo(1); // sequence 1 of publisher 0 was never published
        assertThat(result.ok).isFalse();
        assertThat(result.failure).contains("2 misrouted").contains("1 of 3 QoS 1 deliveries lost");
    }

    private void publish(String topic, int publisher, long sequence) {
        ByteBuffer payload = ByteBuffer.allocate(32).putInt(publisher).putLong(sequence).putLong(System.nanoTime());
        this.broker.broker().publish(ApplicationMessage.builder(topic).payload(payload.array())
            .qos(QoS.AT_LEAST_ONCE).build());
    }

}
