package io.mqttspring.broker.protocol;

import io.netty.channel.Channel;

/**
 * Whether the broker reads a connection, and why not: it is authenticating, its publishers are held back (a
 * subscriber it feeds is congested, or the memory budget is nearly used up), the client does not read what the
 * broker sends (the outbound buffer is above its high water mark), or it publishes faster than its rate cap. The
 * channel is read only when no reason is left. Once the connection closes the gate lets go, so that input is
 * discarded until the peer closes. Event-loop confined.
 */
final class ReadGate {

    static final int AUTHENTICATING = 1;

    static final int THROTTLED = 1 << 1;

    static final int UNWRITABLE = 1 << 2;

    static final int RATE_LIMITED = 1 << 3;

    private final Channel channel;

    private int reasons;

    private boolean released;

    ReadGate(Channel channel) {
        this.channel = channel;
    }

    /**
     * Stop reading for a reason.
     * @param reason one of the constants
     */
    void close(int reason) {
        this.reasons |= reason;
        apply();
    }

    /**
     * Withdraw a reason; reading resumes when none is left.
     * @param reason one of the constants
     */
    void open(int reason) {
        this.reasons &= ~reason;
        apply();
    }

    boolean isClosed(int reason) {
        return (this.reasons & reason) != 0;
    }

    /**
     * Return whether packets read now must wait: the broker holds the publisher back, the client does not read, or
     * it published faster than its rate.
     * @return {@code true} while throttled, unwritable or rate-limited
     */
    boolean holdsPackets() {
        return (this.reasons & (THROTTLED | UNWRITABLE | RATE_LIMITED)) != 0;
    }

    /**
     * Stop governing the channel: the connection is closing.
     */
    void release() {
        this.released = true;
        this.reasons = 0;
    }

    private void apply() {
        if (!this.released) {
            this.channel.config().setAutoRead(this.reasons == 0);
        }
    }

}
