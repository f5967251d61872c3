package io.mqttspring.broker.protocol;

import java.time.Duration;
import java.util.concurrent.Future;

import io.mqttspring.broker.codec.ControlPacketWriter;
import io.mqttspring.broker.codec.OutboundProperties;
import io.mqttspring.broker.core.BrokerClock;
import io.mqttspring.broker.message.ReasonCode;
import io.mqttspring.broker.stats.BrokerCounters;
import io.mqttspring.broker.metrics.BrokerListener;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way connections of a broker end, whoever ends them. A close from the broker's side picks the wire behaviour
 * of the connection's state and version: before CONNACK a refusing CONNACK (for MQTT 3.1.1 only where a return code
 * exists), after it a DISCONNECT for MQTT 5 clients and nothing for the others. The MQTT connection ends at once (its
 * session is detached and its will handled); the socket stays for the last packet: it is flushed, then the broker's
 * side is shut while the client's input is read and discarded, so that the client reads the packet instead of a
 * reset. The socket closes when the client closes its side, or after {@link #GRACE_PERIOD} in any case, also when the
 * packet cannot be written to a client that stopped reading. Every ended connection is reported to the broker
 * listener once, and every closed channel counted. Thread-safe; each call runs on the connection's event loop.
 */
final class Disconnector {

    /** How long a connection the broker closes waits for its last packet to go out and the client to close. */
    static final Duration GRACE_PERIOD = Duration.ofSeconds(2);

    private static final Logger logger = LoggerFactory.getLogger(Disconnector.class);

    private final BrokerCounters counters;

    private final BrokerListener listener;

    private final BrokerClock clock;

    Disconnector(BrokerCounters counters, BrokerListener listener, BrokerClock clock) {
        this.counters = counters;
        this.listener = listener;
        this.clock = clock;
    }

    /**
     * Close a connection from the broker's side.
     * @param connection the connection
     * @param reasonCode why
     * @param detail a description for the log and the MQTT 5 reason string
     */
    void disconnect(MqttConnection connection, ReasonCode reasonCode, String detail) {
        if (!connection.markClosing(reasonCode)) {
            return;
        }
        Channel channel = connection.channel();
        logger.debug("Disconnecting {}: {} {}", connection.describe(), reasonCode, detail);
        // [MQTT-3.2.2-19] [MQTT-3.14.2-3] the reason string goes only if the packet stays within the client's limit
        String reasonString = ReasonStrings.fitting(detail, connection.clientMaximumPacketSize(), 0);
        ByteBuf packet = connection.isConnackSent() ? disconnectPacket(connection, reasonCode, reasonString)
                : connackPacket(connection, reasonCode, reasonString);
        if (packet == null || !channel.isActive()) {
            if (packet != null) {
                packet.release();
            }
            channel.close();
            return;
        }
        // the MQTT connection ends now; the socket stays only for the last packet to reach the client
        connection.end();
        Future<?> deadline = this.clock.schedule(channel.eventLoop(), channel::close, GRACE_PERIOD);
        channel.closeFuture().addListener((closed) -> deadline.cancel(false));
        // read on, discarding, so that the client's close is seen and unread input never turns the close into a reset
        channel.config().setAutoRead(true);
        connection.writeLast(packet).addListener((written) -> {
            if (written.isSuccess()) {
                connection.outputShutdown().shutdownOutput(channel);
            }
            else {
                channel.close();
            }
        });
    }

    /**
     * Close a connection whose socket failed; nothing can be sent on it any more.
     * @param connection the connection
     */
    void lost(MqttConnection connection) {
        connection.markClosing(null);
        connection.channel().close();
    }

    /**
     * Tell the broker listener that a connected client's connection ended, however it ended; called once per
     * connection.
     * @param connection the connection
     */
    void ended(MqttConnection connection) {
        if (connection.isConnackSent()) {
            logger.debug("Connection of {} closed: {}", connection.describe(), connection.closeReason());
            this.listener.clientDisconnected(connection.clientInfo(), connection.closeReason());
        }
    }

    /**
     * Count a channel that closed.
     */
    void closed() {
        this.counters.connectionClosed();
    }

    private static @Nullable ByteBuf disconnectPacket(MqttConnection connection, ReasonCode reasonCode,
            @Nullable String reasonString) {
        // [MQTT-4.13.1-1] MQTT 5 clients learn why; MQTT 3.1.1 has no server DISCONNECT
        return connection.clientInfo().protocolVersion().isMqtt5()
                ? ControlPacketWriter.disconnect(connection.channel().alloc(), reasonCode.value(), reasonString) : null;
    }

    /**
     * Return the CONNACK refusing a CONNECT, in the format of the protocol level the client sent, or {@code null}
     * when none can be sent: no CONNECT arrived, or a 3.1.1 client whose refusal has no return code.
     */
    private static @Nullable ByteBuf connackPacket(MqttConnection connection, ReasonCode reasonCode,
            @Nullable String reasonString) {
        int level = connection.connectLevel();
        boolean unsupported = reasonCode == ReasonCode.UNSUPPORTED_PROTOCOL_VERSION;
        // a level 5 client reads the MQTT 5 CONNACK, and so does a newer one refused for its level (5.0
        // [MQTT-3.1.2-2]); a level 5 CONNECT with another protocol name is answered in the 3.1.1 format
        boolean mqtt5 = (level == 5 && !unsupported) || (level > 5 && unsupported);
        if (mqtt5) {
            // [MQTT-3.2.2-7] [MQTT-4.13.1-1] a failing CONNACK, then close
            return ControlPacketWriter.connack(connection.channel().alloc(), true, false,
                    connackCode(reasonCode).value(), OutboundProperties.reasonString(reasonString));
        }
        if (unsupported) {
            // 3.1.1 [MQTT-3.1.2-2]
            return ControlPacketWriter.connack(connection.channel().alloc(), false, false, 0x01,
                    OutboundProperties.reasonString(null));
        }
        if (level != 3 && level != 4) {
            // no CONNECT was read, or not a whole one: nothing tells which CONNACK format the peer reads
            return null;
        }
        int returnCode = reasonCode.mqtt311ConnectReturnCode();
        // 3.1.1 [MQTT-3.1.4-1]: a CONNECT that does not conform is closed without CONNACK
        return (returnCode >= 0) ? ControlPacketWriter.connack(connection.channel().alloc(), false, false,
                returnCode, OutboundProperties.reasonString(null)) : null;
    }

    // [MQTT-3.2.2-8] CONNACK carries CONNACK reason codes only
    private static ReasonCode connackCode(ReasonCode reasonCode) {
        return switch (reasonCode) {
            case SERVER_SHUTTING_DOWN -> ReasonCode.SERVER_UNAVAILABLE;
            case NORMAL_DISCONNECTION, KEEP_ALIVE_TIMEOUT, SESSION_TAKEN_OVER, TOPIC_FILTER_INVALID,
                    RECEIVE_MAXIMUM_EXCEEDED, TOPIC_ALIAS_INVALID, MESSAGE_RATE_TOO_HIGH, ADMINISTRATIVE_ACTION,
                    SHARED_SUBSCRIPTIONS_NOT_SUPPORTED, MAXIMUM_CONNECT_TIME, SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED,
                    WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED -> ReasonCode.UNSPECIFIED_ERROR;
            default -> reasonCode;
        };
    }

}
