package io.mqttspring.broker.protocol;

/**
 * Names of the handlers in a client channel's pipeline, in pipeline order.
 */
public final class PipelineNames {

    /** Counts bytes in and out. */
    public static final String TRAFFIC = "traffic";

    /** Cuts the stream into whole packets and checks their size and MQTT 5 properties. */
    public static final String FRAMER = "mqttFramer";

    /** Netty's MQTT decoder. */
    public static final String DECODER = "mqttDecoder";

    /** Netty's MQTT encoder. */
    public static final String ENCODER = "mqttEncoder";

    /** The connection's protocol state machine. */
    public static final String CONNECTION = "mqttConnection";

    private PipelineNames() {
    }

}
