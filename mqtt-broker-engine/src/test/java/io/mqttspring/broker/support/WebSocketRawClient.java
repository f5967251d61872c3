package io.mqttspring.broker.support;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;

/**
 * {@link RawClient} over WebSocket: hand-written MQTT bytes in binary frames (JDK WebSocket client, subprotocol
 * {@code mqtt}), and the broker's frames read back as one byte stream, cut into MQTT packets or taken byte by byte.
 * Not thread-safe: one test drives it.
 */
public final class WebSocketRawClient implements AutoCloseable {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final byte[] CLOSED = new byte[0];

    private final WebSocket socket;

    private final Collector collector;

    private final BlockingQueue<byte[]> chunks;

    private byte[] chunk = new byte[0];

    private int position;

    private boolean closed;

    private WebSocketRawClient(WebSocket socket, Collector collector) {
        this.socket = socket;
        this.collector = collector;
        this.chunks = collector.chunks;
    }

    /**
     * Open a WebSocket to the broker offering the {@code mqtt} subprotocol.
     * @param port the WebSocket port
     * @param path the path, {@code /mqtt}
     * @return the client
     */
    public static WebSocketRawClient connect(int port, String path) {
        Collector collector = new Collector(new LinkedBlockingQueue<>());
        try {
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("mqtt")
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + path), collector)
                    .get(5, TimeUnit.SECONDS);
            return new WebSocketRawClient(socket, collector);
        }
        catch (Exception ex) {
            throw new IllegalStateException("WebSocket handshake failed", ex);
        }
    }

    /**
     * Return the subprotocol the broker selected in the handshake.
     * @return the subprotocol, empty if none
     */
    public String subprotocol() {
        return this.socket.getSubprotocol();
    }

    /**
     * Send packets, together in one binary frame.
     * @param packets the packets
     * @return this client
     */
    public WebSocketRawClient send(byte[]... packets) {
        return sendFrames(MqttBytes.concat(packets));
    }

    /**
     * Send bytes as several binary messages of one frame each.
     * @param frames the frame payloads
     * @return this client
     */
    public WebSocketRawClient sendFrames(byte[]... frames) {
        try {
            for (byte[] frame : frames) {
                this.socket.sendBinary(ByteBuffer.wrap(frame), true).get(5, TimeUnit.SECONDS);
            }
            return this;
        }
        catch (Exception ex) {
            throw new IllegalStateException("Cannot send", ex);
        }
    }

    /**
     * Send bytes as one binary message cut into frames: a binary frame, then continuation frames.
     * @param fragments the frame payloads
     * @return this client
     */
    public WebSocketRawClient sendFragments(byte[]... fragments) {
        try {
            for (int i = 0; i < fragments.length; i++) {
                this.socket.sendBinary(ByteBuffer.wrap(fragments[i]), i == fragments.length - 1)
                        .get(5, TimeUnit.SECONDS);
            }
            return this;
        }
        catch (Exception ex) {
            throw new IllegalStateException("Cannot send", ex);
        }
    }

    /**
     * Send a text frame, which MQTT over WebSocket does not allow.
     * @param text the text
     */
    public void sendText(String text) {
        try {
            this.socket.sendText(text, true).get(5, TimeUnit.SECONDS);
        }
        catch (Exception ex) {
            throw new IllegalStateException("Cannot send", ex);
        }
    }

    /**
     * Read the next MQTT packet, failing if none arrives within 5 seconds or the connection closes.
     * @return the packet
     */
    public RawClient.Packet read() {
        RawClient.Packet packet = readOrNull(DEFAULT_TIMEOUT);
        if (packet == null) {
            return Assertions.fail("Connection closed while a packet was expected");
        }
        return packet;
    }

    /**
     * Wait until the broker closes the connection, collecting the packets it sends before.
     * @return the packets
     */
    public List<RawClient.Packet> awaitClose() {
        List<RawClient.Packet> packets = new ArrayList<>();
        RawClient.Packet packet;
        while ((packet = readOrNull(DEFAULT_TIMEOUT)) != null) {
            packets.add(packet);
        }
        return packets;
    }

    /**
     * Read the next bytes the broker sent, whatever packets or frames they belong to, failing if they do not arrive
     * within 5 seconds or the connection closes.
     * @param count how many
     * @return the bytes
     */
    public byte[] readBytes(int count) {
        long deadline = System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
        byte[] bytes = new byte[count];
        for (int i = 0; i < count; i++) {
            int value = next(deadline);
            if (value < 0) {
                return Assertions.fail("Connection closed after " + i + " of " + count + " bytes");
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    private RawClient.Packet readOrNull(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int first = next(deadline);
        if (first < 0) {
            return null;
        }
        int remaining = 0;
        int multiplier = 1;
        int digit;
        do {
            digit = next(deadline);
            if (digit < 0) {
                return null;
            }
            remaining += (digit & 0x7F) * multiplier;
            multiplier *= 128;
        }
        while ((digit & 0x80) != 0);
        ByteArrayOutputStream body = new ByteArrayOutputStream(remaining);
        for (int i = 0; i < remaining; i++) {
            int value = next(deadline);
            if (value < 0) {
                return null;
            }
            body.write(value);
        }
        return new RawClient.Packet(first >> 4, first & 0x0F, body.toByteArray());
    }

    private int next(long deadline) {
        while (this.position >= this.chunk.length) {
            if (this.closed) {
                return -1;
            }
            try {
                byte[] received = this.chunks.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (received == null) {
                    return Assertions.fail("Nothing received in time; the connection is still open");
                }
                if (received == CLOSED) {
                    this.closed = true;
                    return -1;
                }
                this.chunk = received;
                this.position = 0;
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return Assertions.fail("Interrupted");
            }
        }
        return this.chunk[this.position++] & 0xFF;
    }

    /**
     * Return the status code of the close frame the broker sent.
     * @return the status code, -1 when the connection ended without a close frame (or has not ended)
     */
    public int closeStatus() {
        return this.collector.closeStatus;
    }

    @Override
    public void close() {
        this.socket.abort();
    }

    /**
     * Collects binary frames, and marks the end of the connection.
     */
    private static final class Collector implements WebSocket.Listener {

        private final BlockingQueue<byte[]> chunks;

        private volatile int closeStatus = -1;

        Collector(BlockingQueue<byte[]> chunks) {
            this.chunks = chunks;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            this.chunks.add(bytes);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            this.closeStatus = statusCode;
            this.chunks.add(CLOSED);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            this.chunks.add(CLOSED);
        }

    }

}
