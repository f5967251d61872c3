package io.mqttspring.broker.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assertions;

/**
 * A socket that speaks MQTT bytes, for malformed or unusual input that real clients never send. Reads whole packets
 * back, so tests can check the broker's exact answer and whether it closed the connection.
 */
public final class RawClient implements AutoCloseable {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Socket socket;

    private final InputStream in;

    private final OutputStream out;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Open a socket to a broker on 127.0.0.1; nothing is sent yet.
     * @param port the broker port
     * @return the client
     */
    public static RawClient connect(int port) {
        return connect(port, 0);
    }

    /**
     * Open a socket to a broker on 127.0.0.1 with small socket buffers, so that what the client does not read stays
     * with the broker rather than in the client's kernel; nothing is sent yet.
     * @param port the broker port
     * @param bufferSize the socket's receive and send buffer size in bytes, 0 for the system's default
     * @return the client
     */
    public static RawClient connect(int port, int bufferSize) {
        try {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            if (bufferSize > 0) {
                socket.setReceiveBufferSize(bufferSize);
                socket.setSendBufferSize(bufferSize);
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            return new RawClient(socket);
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot connect to 127.0.0.1:" + port, ex);
        }
    }

    /**
     * Open a socket to a broker on 127.0.0.1 from another loopback address, such as 127.0.0.2, as a second machine
     * would; nothing is sent yet.
     * @param localAddress the loopback address to connect from
     * @param port the broker port
     * @return the client
     */
    public static RawClient connectFrom(String localAddress, int port) {
        try {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            return new RawClient(socket);
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot connect to 127.0.0.1:" + port + " from " + localAddress, ex);
        }
    }

    /**
     * Send packets in one write.
     * @param packets the packets
     * @return this client
     */
    public RawClient send(byte[]... packets) {
        try {
            for (byte[] packet : packets) {
                this.out.write(packet);
            }
            this.out.flush();
            return this;
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot send", ex);
        }
    }

    /**
     * Send bytes written out one by one, for short hand-made packets.
     * @param bytes the bytes, each 0 to 255
     * @return this client
     */
    public RawClient send(int... bytes) {
        byte[] data = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            data[i] = (byte) bytes[i];
        }
        return send(data);
    }

    /**
     * Read the next packet, failing the test if none arrives in 5 seconds or the connection closes.
     * @return the packet
     */
    public Packet read() {
        return read(DEFAULT_TIMEOUT);
    }

    /**
     * Read the next packet, failing the test if none arrives in time or the connection closes.
     * @param timeout how long to wait
     * @return the packet
     */
    public Packet read(Duration timeout) {
        Packet packet = readOrNull(timeout);
        if (packet == null) {
            Assertions.fail("Connection closed while waiting for a packet");
        }
        return packet;
    }

    /**
     * Read the next packet of a type, skipping others (PUBLISH packets that arrive in between, for instance).
     * @param type the packet type, 1 to 15
     * @return the packet
     */
    public Packet readType(int type) {
        long deadline = System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Packet packet = read(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            if (packet.type() == type) {
                return packet;
            }
        }
        return Assertions.fail("No packet of type " + type + " arrived");
    }

    /**
     * Read the next packet.
     * @param timeout how long to wait
     * @return the packet, or {@code null} if the broker closed the connection
     */
    public Packet readOrNull(Duration timeout) {
        try {
            this.socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            int first = this.in.read();
            if (first < 0) {
                return null;
            }
            int remaining = 0;
            int multiplier = 1;
            int digit;
            do {
                digit = this.in.read();
                if (digit < 0) {
                    return null;
                }
                remaining += (digit & 0x7F) * multiplier;
                multiplier *= 128;
            }
            while ((digit & 0x80) != 0);
            byte[] body = this.in.readNBytes(remaining);
            if (body.length < remaining) {
                return null;
            }
            return new Packet(first >> 4, first & 0x0F, body);
        }
        catch (SocketTimeoutException ex) {
            return Assertions.fail("No packet within " + timeout);
        }
        catch (SocketException ex) {
            // reset by the broker counts as closed
            return null;
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot read", ex);
        }
    }

    /**
     * Wait until the broker closes the connection, collecting what it sends before.
     * @param timeout how long to wait
     * @return the packets received before the close
     */
    public List<Packet> awaitClose(Duration timeout) {
        List<Packet> packets = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Assertions.fail("Connection still open after " + timeout + "; received " + packets);
            }
            Packet packet;
            try {
                packet = readOrNull(Duration.ofNanos(left));
            }
            catch (AssertionError timeoutReached) {
                return Assertions.fail("Connection still open after " + timeout + "; received " + packets);
            }
            if (packet == null) {
                return packets;
            }
            packets.add(packet);
        }
    }

    /**
     * Wait up to 5 seconds until the broker closes the connection, collecting what it sends before.
     * @return the packets received before the close
     */
    public List<Packet> awaitClose() {
        return awaitClose(DEFAULT_TIMEOUT);
    }

    /**
     * Return whether the connection stays open, with nothing received, for a while.
     * @param duration how long to watch
     * @return {@code true} if nothing arrived and the connection did not close
     */
    public boolean staysSilent(Duration duration) {
        try {
            this.socket.setSoTimeout((int) duration.toMillis());
            return this.in.read() == -2;
        }
        catch (SocketTimeoutException ex) {
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    /**
     * Return the socket's output, to write floods without the packet framing of {@link #send(byte[]...)}.
     * @return the stream
     */
    public java.io.OutputStream output() {
        return this.out;
    }

    @Override
    public void close() {
        try {
            this.socket.close();
        }
        catch (IOException ex) {
            // closing a test socket: nothing to do about a failure
        }
    }

    /**
     * A packet as received.
     *
     * @param type the packet type (1 CONNECT ... 15 AUTH)
     * @param flags the low four bits of the first byte
     * @param body the variable header and payload
     */
    public record Packet(int type, int flags, byte[] body) {

        public static final int CONNACK = 2;

        public static final int PUBLISH = 3;

        public static final int PUBACK = 4;

        public static final int PUBREC = 5;

        public static final int PUBREL = 6;

        public static final int PUBCOMP = 7;

        public static final int SUBACK = 9;

        public static final int UNSUBACK = 11;

        public static final int PINGRESP = 13;

        public static final int DISCONNECT = 14;

        /**
         * Return a byte of the body.
         * @param index its offset in the body
         * @return the byte, 0 to 255
         */
        public int u8(int index) {
            return this.body[index] & 0xFF;
        }

        /**
         * Return a two-byte integer of the body.
         * @param index its offset in the body
         * @return the value
         */
        public int u16(int index) {
            return (u8(index) << 8) | u8(index + 1);
        }

        /**
         * Return the CONNACK return/reason code.
         * @return the second byte of the variable header
         */
        public int connackCode() {
            assertType(CONNACK);
            return u8(1);
        }

        /**
         * Return the Session Present flag of a CONNACK.
         * @return {@code true} if set
         */
        public boolean sessionPresent() {
            assertType(CONNACK);
            return (u8(0) & 0x01) != 0;
        }

        /**
         * Return the reason code of a DISCONNECT (0 when the packet has none).
         * @return the reason code
         */
        public int disconnectReason() {
            assertType(DISCONNECT);
            return (this.body.length > 0) ? u8(0) : 0;
        }

        /**
         * Return the QoS of a PUBLISH, from the flags.
         * @return 0, 1 or 2
         */
        public int qos() {
            return (this.flags >> 1) & 0x03;
        }

        /**
         * Return the RETAIN flag of a PUBLISH.
         * @return {@code true} if set
         */
        public boolean retain() {
            return (this.flags & 0x01) != 0;
        }

        /**
         * Return the DUP flag of a PUBLISH.
         * @return {@code true} if set
         */
        public boolean duplicate() {
            return (this.flags & 0x08) != 0;
        }

        private void assertType(int expected) {
            Assertions.assertEquals(expected, this.type, "packet type");
        }

        @Override
        public String toString() {
            ByteArrayOutputStream hex = new ByteArrayOutputStream();
            for (byte b : this.body) {
                hex.writeBytes(String.format("%02X ", b).getBytes());
            }
            return "Packet[type=" + this.type + ", flags=" + this.flags + ", body=" + hex.toString().trim() + "]";
        }

    }

}
