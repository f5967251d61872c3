package io.mqttspring.broker.session;

import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.message.ReasonCode;
import io.mqttspring.broker.will.WillMessage;
import io.netty.util.concurrent.EventExecutor;

import org.jspecify.annotations.Nullable;

/**
 * The session's view of the connection it is attached to: a network connection or an in-process subscriber.
 * Every method is called on {@link #executor()}.
 */
public interface SessionConnection {

    /**
     * Return the event loop the connection's state is confined to.
     * @return the executor
     */
    EventExecutor executor();

    /**
     * Return who is connected.
     * @return the client
     */
    ClientInfo clientInfo();

    /**
     * Return how many QoS 1 and 2 messages may await acknowledgement at once: for a network client the lower of its
     * Receive Maximum and the broker's limit [MQTT-3.3.4-9], for an in-process subscriber its own setting.
     * @return at least 1
     */
    int inflightWindow();

    /**
     * Return whether the connection can take more writes now.
     * @return {@code false} while its outbound buffer is above the high water mark
     */
    boolean isWritable();

    /**
     * Send a PUBLISH.
     * @param delivery the message
     * @param packetId the packet identifier, 0 for QoS 0
     * @param duplicate whether this is a resend
     * @return {@code false} if the message could not be sent to this client at all (larger than its Maximum Packet
     * Size), in which case the session drops it
     */
    boolean sendPublish(Delivery delivery, int packetId, boolean duplicate);

    /**
     * Send a PUBREL for a QoS 2 message the client has acknowledged with PUBREC.
     * @param packetId the packet identifier
     */
    void sendPubrel(int packetId);

    /**
     * End the connection because a new connection took its session over: MQTT 5 clients get DISCONNECT 0x8E.
     * Afterwards the connection no longer touches the session.
     * @return the connection's will, which the session publishes or schedules, or {@code null}
     */
    @Nullable WillMessage takenOver();

    /**
     * End the connection from the broker side, for instance at an operator's request; MQTT 5 clients get a
     * DISCONNECT with the reason code. The session's usual disconnect handling follows.
     * @param reasonCode the reason
     * @param reason a description for the log and the MQTT 5 reason string
     */
    void disconnect(ReasonCode reasonCode, String reason);

}
