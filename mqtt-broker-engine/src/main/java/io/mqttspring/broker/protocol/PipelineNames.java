package io.mqttspring.broker.protocol;

/**
 * Names of the handlers in a client channel's pipeline, in pipeline order.
 */
public final class PipelineNames {

    /** Counts bytes in and out. */
    public static final String TRAFFIC = "traffic";

    /** Notes the protocol level of the first CONNECT, then removes itself. */
    public static final String PROTOCOL_LEVEL = "protocolLevel";

    /** Netty's MQTT decoder. */
    public static final String DECODER = "mqttDecoder";

    /** Netty's MQTT encoder. */
    public static final String ENCODER = "mqttEncoder";

    /** Closes connections silent for 1.5 times their keep-alive; added after CONNECT. */
    public static final String KEEP_ALIVE = "keepAlive";

    /** The connection's protocol state machine. */
    public static final String CONNECTION = "mqttConnection";

    private PipelineNames() {
    }

}
