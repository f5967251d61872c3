package io.mqttspring.broker.protocol;

import io.mqttspring.broker.message.ApplicationMessage;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;

import org.jspecify.annotations.Nullable;

/**
 * The last QoS 0 PUBLISH frame encoded on an event loop, per protocol family, keyed by message identity. A fan-out
 * dispatches one message to its subscribers on a loop back to back, so they all write duplicates of one frame
 * instead of encoding it each: encode once per loop, not once per subscriber. Messages are immutable, so the same
 * instance always yields the same bytes. Confined to its thread; the loop's exit releases the frames.
 */
final class PublishFrameCache {

    private static final FastThreadLocal<PublishFrameCache> CACHES = new FastThreadLocal<>() {

        @Override
        protected PublishFrameCache initialValue() {
            return new PublishFrameCache();
        }

        @Override
        protected void onRemoval(PublishFrameCache cache) {
            cache.clear();
        }

    };

    private final @Nullable ApplicationMessage[] messages = new ApplicationMessage[2];

    private final @Nullable ByteBuf[] frames = new ByteBuf[2];

    /**
     * Return the cache of the calling event loop, or {@code null} on other threads, whose exit would not release
     * what a cache holds.
     */
    static @Nullable PublishFrameCache current() {
        return FastThreadLocalThread.currentThreadHasFastThreadLocal() ? CACHES.get() : null;
    }

    /**
     * Return a duplicate of the cached frame of a message, owned by the caller.
     * @param message the message
     * @param mqtt5 whether the frame carries MQTT 5 properties
     * @return the frame, or {@code null} when another message was encoded since
     */
    @Nullable ByteBuf get(ApplicationMessage message, boolean mqtt5) {
        int slot = mqtt5 ? 1 : 0;
        ByteBuf frame = this.frames[slot];
        return (frame != null && this.messages[slot] == message) ? frame.retainedDuplicate() : null;
    }

    /**
     * Keep a frame for the next subscribers of its message, replacing the frame of an earlier message.
     * @param message the message
     * @param mqtt5 whether the frame carries MQTT 5 properties
     * @param frame the frame; the cache takes ownership
     * @return a duplicate of the frame, owned by the caller
     */
    ByteBuf put(ApplicationMessage message, boolean mqtt5, ByteBuf frame) {
        int slot = mqtt5 ? 1 : 0;
        ByteBuf previous = this.frames[slot];
        if (previous != null) {
            previous.release();
        }
        this.messages[slot] = message;
        this.frames[slot] = frame;
        return frame.retainedDuplicate();
    }

    private void clear() {
        for (int slot = 0; slot < this.frames.length; slot++) {
            ByteBuf frame = this.frames[slot];
            if (frame != null) {
                frame.release();
            }
            this.frames[slot] = null;
            this.messages[slot] = null;
        }
    }

}
