package io.mqttspring.bench.jmh;

import java.util.Objects;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;

/**
 * Wire bytes of client packets for benchmark set-up, produced by Netty's {@code MqttEncoder} as a client on the
 * other end of the socket would send them. Set-up only: nothing here is measured.
 */
public final class MqttFrames {

    private MqttFrames() {
    }

    /**
     * Return the bytes of a clean-start CONNECT with a 60 s keep-alive and no will, user name or properties.
     * @param version the protocol version
     * @param clientId the client identifier
     * @return the packet
     */
    public static byte[] connect(MqttVersion version, String clientId) {
        return encode(version, MqttMessageBuilders.connect()
                .protocolVersion(version)
                .clientId(clientId)
                .cleanSession(true)
                .keepAlive(60)
                .build());
    }

    /**
     * Return the bytes of a PUBLISH sent on a connection of the given version.
     * @param version the protocol version the connection speaks
     * @param topic the topic name
     * @param qos the QoS
     * @param packetId the packet identifier, ignored for QoS 0
     * @param properties the MQTT 5 properties, ignored for 3.1.1
     * @param payload the payload
     * @return the packet
     */
    public static byte[] publish(MqttVersion version, String topic, MqttQoS qos, int packetId,
            MqttProperties properties, byte[] payload) {
        return encode(version, MqttMessageBuilders.publish()
                .topicName(topic)
                .qos(qos)
                .messageId((qos == MqttQoS.AT_MOST_ONCE) ? 0 : packetId)
                .retained(false)
                .properties(properties)
                .payload(Unpooled.wrappedBuffer(payload))
                .build());
    }

    private static byte[] encode(MqttVersion version, MqttMessage message) {
        EmbeddedChannel channel = new EmbeddedChannel(MqttEncoder.INSTANCE);
        try {
            // the encoder learns the protocol version from the CONNECT that goes through it first
            if (!(message instanceof MqttConnectMessage)) {
                channel.writeOutbound(MqttMessageBuilders.connect().protocolVersion(version).clientId("encoder")
                        .build());
                ByteBuf connect = channel.readOutbound();
                connect.release();
            }
            channel.writeOutbound(message);
            ByteBuf encoded = Objects.requireNonNull(channel.readOutbound(), "no bytes encoded");
            try {
                return ByteBufUtil.getBytes(encoded);
            }
            finally {
                encoded.release();
            }
        }
        finally {
            channel.finishAndReleaseAll();
        }
    }

}
