package io.mqttspring.broker.transport;

/**
 * Names of the handlers in a client channel's pipeline, in pipeline order: TCP channels have the traffic counter,
 * the decoder and the connection; TLS channels have TLS and the client certificate reader after the counter;
 * WebSocket channels have the HTTP and WebSocket handlers before the decoder.
 */
public final class PipelineNames {

    /** Closes connections beyond the connection caps, before anything else runs for them. */
    public static final String CONNECTION_LIMIT = "connectionLimit";

    /** Counts bytes in and out. */
    public static final String TRAFFIC = "traffic";

    /** TLS. */
    public static final String TLS = "tls";

    /** Reads the identity of the client's certificate once the TLS handshake is done. */
    public static final String CLIENT_CERTIFICATE = "clientCertificate";

    /** HTTP for the WebSocket handshake. */
    public static final String HTTP_CODEC = "httpCodec";

    /** Gathers the handshake request. */
    public static final String HTTP_AGGREGATOR = "httpAggregator";

    /** Refuses upgrades from browser pages of other origins, and without the mqtt subprotocol. */
    public static final String UPGRADE_CHECK = "upgradeCheck";

    /** The WebSocket protocol: handshake, frames, close. */
    public static final String WEBSOCKET_PROTOCOL = "webSocketProtocol";

    /** Answers requests for other paths with 404. */
    public static final String NOT_FOUND = "notFound";

    /** Turns binary WebSocket frames into the MQTT byte stream and back. */
    public static final String WEBSOCKET_FRAMES = "webSocketFrames";

    /** Cuts the MQTT byte stream into packets and decodes them. */
    public static final String DECODER = "mqttDecoder";

    /** The connection's protocol state machine. */
    public static final String CONNECTION = "mqttConnection";

    private PipelineNames() {
    }

}
