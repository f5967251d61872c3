package io.mqttspring.broker.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT 3.1.1 packets for {@link RawClient}, and a reader for the PUBLISH packets it receives. Packets whose bytes are
 * the same in both versions (acknowledgements, PINGREQ) are in {@link MqttBytes}.
 */
public final class Mqtt311Packets {

    /** Protocol level of MQTT 3.1.1. */
    private static final int LEVEL = 4;

    /**
     * How long to wait for a close the broker should make at once, on reading the offending packet. Shorter than
     * RawClient's default so that a broker that does not close fails the test quickly.
     */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private Mqtt311Packets() {
    }

    /**
     * Open a connection, send a well-formed CONNECT and check the CONNACK accepts it.
     * @param port the broker port
     * @param clientId the client identifier
     * @param cleanSession the Clean Session flag
     * @param keepAlive keep-alive in seconds
     * @return the connected client
     */
    public static RawClient connected(int port, String clientId, boolean cleanSession, int keepAlive) {
        RawClient client = RawClient.connect(port);
        client.send(MqttBytes.connect(LEVEL, clientId, cleanSession, keepAlive));
        RawClient.Packet connack = client.read();
        assertThat(connack.type()).as("CONNACK").isEqualTo(RawClient.Packet.CONNACK);
        assertThat(connack.connackCode()).as("CONNACK return code").isZero();
        return client;
    }

    /**
     * Open a connection with Clean Session 1 and no keep-alive, and check the CONNACK accepts it.
     * @param port the broker port
     * @param clientId the client identifier
     * @return the connected client
     */
    public static RawClient connected(int port, String clientId) {
        return connected(port, clientId, true, 0);
    }

    /**
     * Subscribe to one filter and check the SUBACK grants the requested QoS.
     * @param client the connected client
     * @param packetId the packet identifier
     * @param filter the topic filter
     * @param qos the requested QoS
     */
    public static void subscribe(RawClient client, int packetId, String filter, int qos) {
        client.send(MqttBytes.subscribe(LEVEL, packetId, filter, qos));
        RawClient.Packet suback = client.readType(RawClient.Packet.SUBACK);
        assertThat(suback.u16(0)).as("SUBACK packet identifier").isEqualTo(packetId);
        assertThat(suback.u8(2)).as("SUBACK return code").isEqualTo(qos);
    }

    /**
     * Assert that the broker closes the connection at once, sending nothing before.
     * @param client the client
     */
    public static void assertClosedWithoutAnswer(RawClient client) {
        assertThat(client.awaitClose(CLOSE_TIMEOUT)).as("packets received before the close").isEmpty();
    }

    /**
     * A CONNECT with a will.
     * @param clientId the client identifier
     * @param keepAlive keep-alive in seconds
     * @param willTopic the will topic
     * @param willMessage the will message
     * @param willQos the will QoS
     * @param willRetain the will retain flag
     * @return the bytes
     */
    public static byte[] connectWithWill(String clientId, int keepAlive, String willTopic, String willMessage,
            int willQos, boolean willRetain) {
        int flags = 0x02 // clean session
                | 0x04 // will flag
                | (willQos << 3) // will QoS
                | (willRetain ? 0x20 : 0); // will retain
        return MqttBytes.packet(0x10) // CONNECT
                .string("MQTT") // protocol name
                .u8(LEVEL) // protocol level
                .u8(flags) // connect flags
                .u16(keepAlive) // keep alive
                .string(clientId) // client identifier
                .string(willTopic) // will topic
                .string(willMessage) // will message
                .build();
    }

    /**
     * A PUBLISH with the DUP and RETAIN flags given.
     * @param topic the topic name
     * @param qos the QoS
     * @param packetId the packet identifier (left out for QoS 0)
     * @param payload the payload
     * @param dup the DUP flag
     * @param retain the RETAIN flag
     * @return the bytes
     */
    public static byte[] publish(String topic, int qos, int packetId, String payload, boolean dup, boolean retain) {
        MqttBytes packet = MqttBytes.packet(0x30 | (dup ? 0x08 : 0) | (qos << 1) | (retain ? 0x01 : 0)) // PUBLISH
                .string(topic); // topic name
        if (qos > 0) {
            packet.u16(packetId); // packet identifier
        }
        return packet.raw(payload.getBytes(StandardCharsets.UTF_8)) // payload
                .build();
    }

    /**
     * A PUBLISH without DUP or RETAIN.
     * @param topic the topic name
     * @param qos the QoS
     * @param packetId the packet identifier (left out for QoS 0)
     * @param payload the payload
     * @return the bytes
     */
    public static byte[] publish(String topic, int qos, int packetId, String payload) {
        return publish(topic, qos, packetId, payload, false, false);
    }

    /**
     * Publish and complete the QoS flow: wait for PUBACK, or PUBREC then send PUBREL and wait for PUBCOMP.
     * Other packets arriving meanwhile are skipped, so use a client that subscribes to nothing.
     * @param client the connected client
     * @param topic the topic name
     * @param qos the QoS
     * @param packetId the packet identifier (ignored for QoS 0)
     * @param payload the payload
     */
    public static void publishAcked(RawClient client, String topic, int qos, int packetId, String payload) {
        client.send(publish(topic, qos, packetId, payload));
        if (qos == 1) {
            assertThat(client.readType(RawClient.Packet.PUBACK).u16(0)).as("PUBACK packet id").isEqualTo(packetId);
        }
        else if (qos == 2) {
            assertThat(client.readType(RawClient.Packet.PUBREC).u16(0)).as("PUBREC packet id").isEqualTo(packetId);
            client.send(MqttBytes.pubrel(packetId));
            assertThat(client.readType(RawClient.Packet.PUBCOMP).u16(0)).as("PUBCOMP packet id")
                    .isEqualTo(packetId);
        }
    }

    /**
     * An UNSUBSCRIBE.
     * @param packetId the packet identifier
     * @param filters the topic filters
     * @return the bytes
     */
    public static byte[] unsubscribe(int packetId, String... filters) {
        MqttBytes packet = MqttBytes.packet(0xA2) // UNSUBSCRIBE, flags 0010
                .u16(packetId); // packet identifier
        for (String filter : filters) {
            packet.string(filter); // topic filter
        }
        return packet.build();
    }

    /**
     * Read the next packet and check that it is a PUBLISH.
     * @param client the client
     * @return the PUBLISH
     */
    public static Publish readPublish(RawClient client) {
        RawClient.Packet packet = client.read();
        assertThat(packet.type()).as("packet type of " + packet).isEqualTo(RawClient.Packet.PUBLISH);
        return Publish.of(packet);
    }

    /**
     * A PUBLISH as received.
     *
     * @param topic the topic name
     * @param packetId the packet identifier, 0 for QoS 0
     * @param payload the payload as UTF-8
     * @param qos the QoS
     * @param retain the RETAIN flag
     * @param dup the DUP flag
     */
    public record Publish(String topic, int packetId, String payload, int qos, boolean retain, boolean dup) {

        /**
         * Parse a PUBLISH.
         * @param packet the packet, of type PUBLISH
         * @return the PUBLISH
         */
        public static Publish of(RawClient.Packet packet) {
            byte[] body = packet.body();
            int topicLength = packet.u16(0);
            String topic = new String(body, 2, topicLength, StandardCharsets.UTF_8);
            int index = 2 + topicLength;
            int packetId = 0;
            if (packet.qos() > 0) {
                packetId = packet.u16(index);
                index += 2;
            }
            String payload = new String(Arrays.copyOfRange(body, index, body.length), StandardCharsets.UTF_8);
            return new Publish(topic, packetId, payload, packet.qos(), packet.retain(), packet.duplicate());
        }

    }

}
