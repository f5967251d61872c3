package io.mqttspring.broker.protocol;

import java.util.function.IntConsumer;

import io.mqttspring.broker.codec.AckWriter;
import io.mqttspring.broker.message.ReasonCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;

import org.jspecify.annotations.Nullable;

/**
 * What one connection writes, and when it flushes: packets written while reading are flushed once when the read
 * batch ends; packets written from other tasks (deliveries, acknowledgements completed later) share one flush per
 * pass of the event loop, unless they would make the channel look full first. Counts the bytes written where no
 * handler in the pipeline does (plain TCP). Event-loop confined; it is its own scheduled flush task, one object less
 * per connection.
 */
final class ConnectionOutput implements Runnable {

    private final ChannelHandlerContext ctx;

    private final long flushThreshold;

    private final @Nullable IntConsumer bytesWritten;

    private boolean flushScheduled;

    private boolean mqtt5;

    /**
     * Create a new instance.
     * @param ctx the context of the connection's handler
     * @param writeBufferHighWaterMark the channel's write buffer high water mark
     * @param bytesWritten told the size of every packet written, or {@code null} when a handler counts them
     */
    ConnectionOutput(ChannelHandlerContext ctx, int writeBufferHighWaterMark, @Nullable IntConsumer bytesWritten) {
        this.ctx = ctx;
        this.flushThreshold = writeBufferHighWaterMark / 2;
        this.bytesWritten = bytesWritten;
    }

    /**
     * Say which acknowledgement format the client reads, once its CONNECT is accepted.
     * @param mqtt5 whether acknowledgements carry reason codes and reason strings
     */
    void protocol(boolean mqtt5) {
        this.mqtt5 = mqtt5;
    }

    ByteBufAllocator alloc() {
        return this.ctx.alloc();
    }

    /**
     * Write a packet, to be flushed by the caller, at the end of the read batch or by {@link #scheduleFlush()}.
     * @param packet the packet; ownership moves to the channel
     */
    void write(ByteBuf packet) {
        count(packet);
        this.ctx.write(packet, this.ctx.voidPromise());
    }

    /**
     * Write the connection's last packet and flush.
     * @param packet the packet; ownership moves to the channel
     * @return the write's future
     */
    ChannelFuture writeLast(ByteBuf packet) {
        count(packet);
        return this.ctx.writeAndFlush(packet);
    }

    private void count(ByteBuf packet) {
        if (this.bytesWritten != null) {
            this.bytesWritten.accept(packet.readableBytes());
        }
    }

    /**
     * Write PUBACK, PUBREC, PUBREL or PUBCOMP: for MQTT 3.1.1 without reason code and string.
     * @param firstByte the packet's first byte, one of {@link AckWriter}'s constants
     * @param packetId the packet identifier
     * @param reasonCode the MQTT 5 reason code
     * @param reasonString the MQTT 5 reason string, or {@code null}
     */
    void acknowledge(int firstByte, int packetId, ReasonCode reasonCode, @Nullable String reasonString) {
        write(AckWriter.write(this.ctx.alloc(), firstByte, packetId, this.mqtt5 ? reasonCode.value() : 0,
                this.mqtt5 ? reasonString : null));
    }

    /**
     * Flush soon: after the event loop's current batch of reads and tasks, so writes to this channel share one
     * flush, or now when the unflushed bytes would make the channel look full.
     */
    void scheduleFlush() {
        if (this.ctx.channel().bytesBeforeUnwritable() < this.flushThreshold) {
            flush();
            return;
        }
        if (!this.flushScheduled) {
            this.flushScheduled = true;
            this.ctx.executor().execute(this);
        }
    }

    void flush() {
        this.flushScheduled = false;
        this.ctx.flush();
    }

    /**
     * The flush {@link #scheduleFlush()} schedules.
     */
    @Override
    public void run() {
        flush();
    }

}
