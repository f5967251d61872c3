package io.mqttspring.broker.core;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The broker's one source of time. Everything that expires or waits reads and schedules through it: session and
 * message expiry, will delay, keep-alive, the connect timeout, the close grace period, retained message age and
 * {@code $SYS} publication. The {@link #system() system clock} serves production; a test gives the broker a clock
 * it moves by hand, so expiry is tested in milliseconds instead of waited for. Implementations are thread-safe.
 * The WebSocket opening handshake's timeout is the exception: Netty's handshake handler keeps it on the event
 * loop's own timer.
 */
public interface BrokerClock {

    /**
     * Return the clock of the machine: {@link System#nanoTime()}, {@link Instant#now()} and the executor's own
     * timer.
     * @return the system clock
     */
    static BrokerClock system() {
        return SystemClock.INSTANCE;
    }

    /**
     * Return a monotonic time in nanoseconds, for measuring how long something took or has left; only differences
     * between two readings mean anything.
     * @return nanoseconds from an arbitrary origin
     */
    long nanoTime();

    /**
     * Return the current instant, for times that outlive the process (a stored session's disconnection, a retained
     * message's arrival).
     * @return the instant
     */
    Instant instant();

    /**
     * Run a task once, on an executor, after a delay measured by this clock.
     * @param executor where the task runs; the broker passes the event loop that owns the state the task touches
     * @param task the task
     * @param delay how long from now
     * @return a future whose {@link Future#cancel(boolean) cancel(false)} prevents a run that has not started
     */
    Future<?> schedule(ScheduledExecutorService executor, Runnable task, Duration delay);

}
