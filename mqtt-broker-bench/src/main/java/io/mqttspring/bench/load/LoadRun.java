package io.mqttspring.bench.load;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * What every scenario needs on the main thread: the transport, unique client identifiers, the failure log, and
 * the blocking waits (readiness, timed phases with progress on stderr, the drain). Closing it stops the event loops,
 * after which the connections' state may be read.
 */
final class LoadRun implements AutoCloseable {

    private static final long READY_TIMEOUT_SECONDS = 60;
    private static final long CLOSE_TIMEOUT_SECONDS = 10;

    // the cluster's view of subscriptions is a replicated map: its updates reach the other nodes within milliseconds
    static final long CLUSTER_SETTLE_MILLIS = 1000;

    private final LoadOptions options;
    private final ClientTransport transport;
    private final FailureLog failures = new FailureLog();
    private final String runId;
    private final long listenOverflowsAtStart = ProcFs.listenOverflows();
    private final Map<String, Integer> subscriberPorts = new HashMap<>();
    private boolean remoteSubscribers;

    LoadRun(LoadOptions options) {
        this.options = options;
        this.transport = new ClientTransport(options.host(), options.port(), options.threads(), options.tls(),
                ClientCredentials.of(options.username(), options.password()));
        // short enough that ids stay within the 23 characters every 3.1.1 broker must accept [MQTT-3.1.3-5]
        this.runId = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36);
        log("%s against %s:%d, %s transport, %d event loops, run %s", options.scenario(), options.host(),
                options.port(), this.transport.kind(), options.threads(), this.runId);
    }

    FailureLog failures() {
        return this.failures;
    }

    /** A client identifier unique to this run, e.g. {@code lt3f9k2ap12}. */
    String clientId(String role, int index) {
        return "lt" + this.runId + role + index;
    }

    <C extends MqttClientConnection> C open(C connection) {
        // cluster mode: subscribers on other nodes than the publishers (round robin), so messages cross nodes; a
        // subscriber that comes back under its client identifier goes back to its node, where its session is
        if (connection instanceof SubscriberConnection && this.options.acrossNodes()) {
            Integer port = this.subscriberPorts.get(connection.clientId);
            if (port == null) {
                port = this.options.subscriberPort(this.subscriberPorts.size());
                this.subscriberPorts.put(connection.clientId, port);
            }
            this.remoteSubscribers |= port != this.options.port();
            return this.transport.open(connection, port);
        }
        return this.transport.open(connection);
    }

    /**
     * Connect and disconnect one client, so that a broker that is not there is told apart from a failing run.
     * @throws BrokerUnreachableException if no CONNACK came
     */
    void preflight() {
        FailureLog ignored = new FailureLog();
        MqttClientConnection probe = open(new MqttClientConnection(clientId("probe", 0), null, 0, ignored) {
        });
        try {
            probe.ready().get(15, TimeUnit.SECONDS);
        }
        catch (ExecutionException | TimeoutException ex) {
            Throwable cause = ex instanceof ExecutionException ? ex.getCause() : ex;
            throw new BrokerUnreachableException("no MQTT broker answered at " + this.options.host() + ":"
                    + this.options.port() + ": " + cause, cause);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
        await(probe.disconnect(), CLOSE_TIMEOUT_SECONDS);
    }

    /**
     * Open all connections at once and wait until each is ready or failed. When subscribers went to other nodes of a
     * cluster, also give their subscriptions the time to reach the publishers' node, which learns them
     * asynchronously: a publication that comes first is not forwarded, and would count as lost.
     */
    <C extends MqttClientConnection> boolean openAll(Collection<C> connections) {
        boolean remoteBefore = this.remoteSubscribers;
        connections.forEach(this::open);
        boolean ready = awaitReady(connections);
        if (ready && this.remoteSubscribers && !remoteBefore) {
            log("subscribers on other nodes: %d ms for their subscriptions to reach the publishers' node",
                    CLUSTER_SETTLE_MILLIS);
            sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLUSTER_SETTLE_MILLIS));
        }
        return ready;
    }

    /** Wait until each connection is ready or failed (failures are in the log); whether all became ready. */
    boolean awaitReady(Collection<? extends MqttClientConnection> connections) {
        boolean all = true;
        for (MqttClientConnection connection : connections) {
            all &= await(connection.ready(), READY_TIMEOUT_SECONDS);
        }
        return all;
    }

    /** Disconnect every connection and wait until all are closed. */
    void disconnectAll(Collection<? extends MqttClientConnection> connections) {
        CompletableFuture<?>[] closed = connections.stream()
            .map(MqttClientConnection::disconnect)
            .toArray(CompletableFuture[]::new);
        await(CompletableFuture.allOf(closed), CLOSE_TIMEOUT_SECONDS);
    }

    /** Let {@code seconds} pass, printing deliveries per second on stderr every second. */
    void phase(String name, int seconds, LongSupplier delivered) {
        long start = System.nanoTime();
        long last = delivered.getAsLong();
        for (int s = 1; s <= seconds; s++) {
            sleepUntil(start + TimeUnit.SECONDS.toNanos(s));
            long now = delivered.getAsLong();
            log("%s %ds: %d delivered/s", name, s, now - last);
            last = now;
        }
    }

    /**
     * Run the warm-up and then the measurement window, and fill in its length, the deliveries per second in it and
     * the CPU both sides used meanwhile.
     */
    void warmUpAndMeasure(LoadResult result, LongSupplier delivered) {
        phase("warm-up", this.options.warmupSeconds(), delivered);
        CpuMeter load = CpuMeter.start("self");
        CpuMeter broker = CpuMeter.start(this.options.brokerPid());
        long startNanos = System.nanoTime();
        long before = delivered.getAsLong();
        phase("measure", this.options.durationSeconds(), delivered);
        long after = delivered.getAsLong();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        result.loadCpu = load.cores();
        result.brokerCpu = broker.cores();
        result.durationSeconds = seconds;
        result.throughput = (after - before) / seconds;
    }

    /**
     * Wait until every expected message arrived and no publish is in flight, or until nothing changed for the drain
     * period.
     * @return whether everything arrived
     */
    boolean drain(LongSupplier delivered, LongSupplier expected, IntSupplier inflight) {
        long quietNanos = TimeUnit.SECONDS.toNanos(this.options.drainSeconds());
        long lastChange = System.nanoTime();
        long lastDelivered = -1;
        int lastInflight = -1;
        while (true) {
            long got = delivered.getAsLong();
            int pending = inflight.getAsInt();
            if (got >= expected.getAsLong() && pending == 0) {
                return true;
            }
            long now = System.nanoTime();
            if (got != lastDelivered || pending != lastInflight) {
                lastDelivered = got;
                lastInflight = pending;
                lastChange = now;
            }
            else if (now - lastChange > quietNanos) {
                log("drain gave up: %d of %d delivered, %d publishes in flight", got, expected.getAsLong(), pending);
                return false;
            }
            sleepUntil(now + TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** Wait for {@code future}; {@code false} if it failed or timed out (the cause is already in the log). */
    static boolean await(CompletableFuture<?> future, long seconds) {
        try {
            future.get(seconds, TimeUnit.SECONDS);
            return true;
        }
        catch (ExecutionException | TimeoutException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void sleepUntil(long deadlineNanos) {
        long left;
        while ((left = deadlineNanos - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static void log(String format, Object... args) {
        System.err.println("[load] " + String.format(Locale.ROOT, format, args));
    }

    @Override
    public void close() {
        this.transport.close();
        long overflows = ProcFs.listenOverflows() - this.listenOverflowsAtStart;
        if (this.listenOverflowsAtStart >= 0 && overflows > 0) {
            // not a failure, but it shapes connect rates: each dropped SYN costs its client a one-second retry
            log("the kernel dropped %d connection attempts on a full accept queue (the broker's listen backlog) "
                    + "during this run", overflows);
        }
    }

}
