package io.mqttspring.bench.load;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * A PUBLISH packet encoded once per topic; each message copies it and patches the packet identifier and the
 * payload header in place.
 *
 * <p>Payload layout: publisher index (int), sequence number (long), send time in {@link System#nanoTime()} (long),
 * then zeros up to the requested size.
 */
final class PublishTemplate {

    static final int PUBLISHER_OFFSET = 0;
    static final int SEQUENCE_OFFSET = 4;
    static final int SENT_AT_OFFSET = 12;
    static final int MIN_PAYLOAD = 20;

    private final byte[] frame;
    private final int packetIdOffset;
    private final int payloadOffset;

    PublishTemplate(String topic, int qos, int payloadSize) {
        this(topic, qos, payloadSize, false);
    }

    PublishTemplate(String topic, int qos, int payloadSize, boolean retain) {
        if (payloadSize < MIN_PAYLOAD) {
            throw new IllegalArgumentException("payload must be at least " + MIN_PAYLOAD + " bytes");
        }
        byte[] name = topic.getBytes(StandardCharsets.UTF_8);
        int remaining = 2 + name.length + (qos > 0 ? 2 : 0) + payloadSize;
        int headerSize = 1 + Mqtt311Frames.remainingLengthSize(remaining);
        this.frame = new byte[headerSize + remaining];
        this.frame[0] = (byte) (Mqtt311Frames.PUBLISH << 4 | qos << 1 | (retain ? 1 : 0));
        int pos = 1;
        int value = remaining;
        do {
            int digit = value & 0x7F;
            value >>>= 7;
            this.frame[pos++] = (byte) (value > 0 ? digit | 0x80 : digit);
        }
        while (value > 0);
        this.frame[pos++] = (byte) (name.length >>> 8);
        this.frame[pos++] = (byte) name.length;
        System.arraycopy(name, 0, this.frame, pos, name.length);
        pos += name.length;
        this.packetIdOffset = qos > 0 ? pos : -1;
        this.payloadOffset = qos > 0 ? pos + 2 : pos;
    }

    int frameLength() {
        return this.frame.length;
    }

    /** Append one PUBLISH to {@code out}; {@code packetId} is ignored at QoS 0. */
    void write(ByteBuf out, int packetId, int publisher, long sequence, long sentAtNanos) {
        int start = out.writerIndex();
        out.writeBytes(this.frame);
        if (this.packetIdOffset >= 0) {
            out.setShort(start + this.packetIdOffset, packetId);
        }
        int payload = start + this.payloadOffset;
        out.setInt(payload + PUBLISHER_OFFSET, publisher);
        out.setLong(payload + SEQUENCE_OFFSET, sequence);
        out.setLong(payload + SENT_AT_OFFSET, sentAtNanos);
    }

}
