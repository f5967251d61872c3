package io.mqttspring.broker.persistence.rocksdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.core.MqttBrokerException;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.support.BrokerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A store directory the broker cannot use is refused at start with a message naming it, and left as it was.
 */
class StoreDirectoryTests {

    @TempDir
    Path temp;

    private MqttBroker running;

    @AfterEach
    void stop() {
        if (this.running != null) {
            this.running.stop();
        }
    }

    private MqttBroker broker(Path dataDir) {
        return MqttBroker.builder().config(BrokerExtension.testConfig((config) -> config.persistencePath(dataDir)))
                .build();
    }

    @Test
    @DisplayName("a new directory becomes a store marked with its format")
    void createsAndMarksStore() throws IOException {
        Path dataDir = this.temp.resolve("new/data");
        this.running = broker(dataDir);
        this.running.start();
        assertThat(dataDir.resolve(RocksDbStore.FORMAT_FILE)).content().isEqualTo("format=1\n");
    }

    @Test
    @DisplayName("a directory that holds something else is refused, its content untouched")
    void refusesForeignDirectory() throws IOException {
        Path dataDir = Files.createDirectories(this.temp.resolve("foreign"));
        Files.writeString(dataDir.resolve("notes.txt"), "mine");
        Map<String, String> before = contents(dataDir);
        assertThatExceptionOfType(MqttBrokerException.class).isThrownBy(() -> broker(dataDir).start())
                .withMessageContaining(dataDir.toAbsolutePath().toString()).withMessageContaining("holds no broker store");
        assertThat(contents(dataDir)).isEqualTo(before);
    }

    @Test
    @DisplayName("a store of another format is refused, untouched")
    void refusesOtherFormat() throws IOException {
        Path dataDir = Files.createDirectories(this.temp.resolve("future"));
        Files.writeString(dataDir.resolve(RocksDbStore.FORMAT_FILE), "format=99\n");
        assertThatExceptionOfType(MqttBrokerException.class).isThrownBy(() -> broker(dataDir).start())
                .withMessageContaining(dataDir.toAbsolutePath().toString()).withMessageContaining("format=99");
        assertThat(dataDir.resolve(RocksDbStore.FORMAT_FILE)).content().isEqualTo("format=99\n");
    }

    @Test
    @DisplayName("a store another running broker holds is refused, and the running broker keeps working")
    void refusesLockedStore() {
        Path dataDir = this.temp.resolve("shared");
        this.running = broker(dataDir);
        this.running.start();
        assertThatExceptionOfType(MqttBrokerException.class).isThrownBy(() -> broker(dataDir).start())
                .withMessageContaining(dataDir.toAbsolutePath().toString()).withMessageContaining("in use");
        this.running.publish(ApplicationMessage.builder("still/working").payload("yes").qos(QoS.AT_LEAST_ONCE)
                .retain(true).build());
        this.running.stop();
        this.running.start();
        assertThat(this.running.statistics().retainedMessages()).isEqualTo(1);
    }

    @Test
    @DisplayName("a damaged store is refused with the path in the message, its files untouched")
    void refusesCorruptedStore() throws IOException {
        Path dataDir = this.temp.resolve("damaged");
        MqttBroker broker = broker(dataDir);
        broker.start();
        broker.publish(ApplicationMessage.builder("kept/one").payload("1").qos(QoS.AT_LEAST_ONCE).retain(true)
                .build());
        broker.stop();
        Files.writeString(dataDir.resolve("CURRENT"), "garbage-that-names-no-manifest\n");
        try (Stream<Path> files = Files.list(dataDir)) {
            for (Path manifest : files.filter((file) -> file.getFileName().toString().startsWith("MANIFEST"))
                    .toList()) {
                Files.write(manifest, new byte[] { 1, 2, 3, 4 });
            }
        }
        Map<String, String> before = contents(dataDir);
        assertThatExceptionOfType(MqttBrokerException.class).isThrownBy(() -> broker(dataDir).start())
                .withMessageContaining(dataDir.toAbsolutePath().toString()).withMessageContaining("left as it is");
        assertThat(contents(dataDir)).isEqualTo(before);
    }

    @Test
    @DisplayName("a file where the directory should be is refused")
    void refusesFile() throws IOException {
        Path file = Files.writeString(this.temp.resolve("plain-file"), "x");
        assertThatExceptionOfType(MqttBrokerException.class).isThrownBy(() -> broker(file).start())
                .withMessageContaining(file.toAbsolutePath().toString()).withMessageContaining("not a directory");
    }

    private static Map<String, String> contents(Path directory) throws IOException {
        Map<String, String> contents = new TreeMap<>();
        try (Stream<Path> files = Files.walk(directory)) {
            // RocksDB's own diagnostic log (LOG, LOG.old.*) is rotated by every open; the data is what must not change
            for (Path file : files.filter(Files::isRegularFile)
                    .filter((file) -> !file.getFileName().toString().startsWith("LOG")).toList()) {
                contents.put(directory.relativize(file).toString(),
                        new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return contents;
    }

}
