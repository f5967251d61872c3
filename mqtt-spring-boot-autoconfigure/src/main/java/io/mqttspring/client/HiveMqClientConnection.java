package io.mqttspring.client;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.mqttspring.broker.MessageHandler;
import io.mqttspring.broker.PublishResult;
import io.mqttspring.broker.bridge.ConnectOptions;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.core.MqttConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * A broker over the network, through one HiveMQ MQTT Client (MQTT 5, or MQTT 3.1.1 for brokers that speak nothing
 * newer): it connects when the application starts, reconnects with back-off when the connection drops, and keeps
 * publications made while it is down until it is back. Each subscription acknowledges a QoS 1 or 2 message once its
 * handler's stage completed, as the embedded broker's in-process subscribers do. Thread-safe.
 */
public final class HiveMqClientConnection implements MqttConnection, SmartLifecycle {

    private static final Log logger = LogFactory.getLog(HiveMqClientConnection.class);

    /** The phase: before listeners and adapters start, after they stop, as the embedded broker's. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

    private final ClientProtocol protocol;

    private final String url;

    private final ConnectOptions options;

    private final Map<String, HiveMqSubscription> subscriptions = new ConcurrentHashMap<>();

    private final AtomicBoolean running = new AtomicBoolean();

    /** Why the last connection attempt or connection ended, for the start-up failure's message. */
    private volatile @Nullable Throwable lastDisconnect;

    /**
     * Create an MQTT 5 connection, not connected yet.
     * @param client the client, built with the server address, TLS and automatic reconnect
     * @param url the server, for logs and health
     * @param options how to connect
     */
    public HiveMqClientConnection(Mqtt5AsyncClient client, String url, ConnectOptions options) {
        this(new Mqtt5Protocol(client), url, options);
    }

    /**
     * Create an MQTT 3.1.1 connection, not connected yet: publications with MQTT 5 properties and requests fail.
     * @param client the client, built with the server address, TLS and automatic reconnect
     * @param url the server, for logs and health
     * @param options how to connect; the session expiry does not apply
     */
    public HiveMqClientConnection(Mqtt3AsyncClient client, String url, ConnectOptions options) {
        this(new Mqtt3Protocol(client, url), url, options);
    }

    /**
     * Create a connection, not connected yet, building its client.
     * @param transport the client's builder, with the server address, TLS and automatic reconnect
     * @param mqtt5 {@code true} for MQTT 5, {@code false} for MQTT 3.1.1
     * @param url the server, for logs and health
     * @param options how to connect
     * @return the connection
     */
    public static HiveMqClientConnection build(MqttClientBuilder transport, boolean mqtt5, String url,
            ConnectOptions options) {
        AtomicReference<HiveMqClientConnection> built = new AtomicReference<>();
        MqttClientBuilder listened = transport.addDisconnectedListener((context) -> {
            HiveMqClientConnection connection = built.get();
            if (connection != null) {
                connection.lastDisconnect = context.getCause();
            }
        });
        HiveMqClientConnection connection = mqtt5
                ? new HiveMqClientConnection(listened.useMqttVersion5().buildAsync(), url, options)
                : new HiveMqClientConnection(listened.useMqttVersion3().buildAsync(), url, options);
        built.set(connection);
        return connection;
    }

    private HiveMqClientConnection(ClientProtocol protocol, String url, ConnectOptions options) {
        Assert.hasText(url, "'url' must not be empty");
        Assert.notNull(options, "'options' must not be null");
        this.protocol = protocol;
        this.url = url;
        this.options = options;
    }

    @Override
    public void start() {
        if (!this.running.compareAndSet(false, true)) {
            return;
        }
        this.lastDisconnect = null;
        try {
            this.protocol.connect(this.options).get(this.options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            logger.info("Connected to MQTT broker " + this.url + (this.protocol.isMqtt5() ? "" : " (MQTT 3.1.1)"));
        }
        catch (ExecutionException | TimeoutException ex) {
            this.running.set(false);
            // read before disconnecting, whose own end would replace it
            Throwable last = this.lastDisconnect;
            this.protocol.disconnect();
            Throwable cause = (ex instanceof ExecutionException) ? ex.getCause() : ex;
            if (cause instanceof TimeoutException && last != null) {
                // attempts failed and were retried until the timeout: the last one says why
                cause = last;
            }
            throw new IllegalStateException("Could not connect to the MQTT broker at " + this.url
                    + " (mqtt.client.url): " + cause + hint(cause), cause);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while connecting to " + this.url, ex);
        }
    }

    @Override
    public void stop() {
        if (this.running.compareAndSet(true, false)) {
            try {
                this.protocol.disconnect().get(this.options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            catch (ExecutionException | TimeoutException ex) {
                logger.debug("Disconnecting from " + this.url + " failed: " + ex);
            }
        }
    }

    @Override
    public boolean isRunning() {
        return this.running.get() && this.protocol.isConnected();
    }

    /** A broker that answers an MQTT 5 CONNECT in 3.1.1, or refuses the version, speaks 3.1.1 only. */
    private String hint(Throwable cause) {
        boolean versionRefused = cause instanceof Mqtt5ConnAckException refused
                && refused.getMqttMessage().getReasonCode() == Mqtt5ConnAckReasonCode.UNSUPPORTED_PROTOCOL_VERSION;
        boolean notMqtt5 = cause.getClass().getName().contains("Decode")
                || String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("malformed");
        if (this.protocol.isMqtt5() && (versionRefused || notMqtt5)) {
            return "; if the broker speaks MQTT 3.1.1 only, set mqtt.client.protocol-version=3.1.1";
        }
        return "";
    }

    @Override
    public boolean supportsMqtt5() {
        return this.protocol.isMqtt5();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public String describe() {
        return this.url;
    }

    @Override
    public CompletableFuture<PublishResult> publish(ApplicationMessage message) {
        try {
            return this.protocol.publish(message);
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    @Override
    public Subscription subscribe(String name, List<String> topicFilters, QoS qos, MessageHandler handler) {
        Assert.notEmpty(topicFilters, "'topicFilters' must not be empty");
        HiveMqSubscription subscription = new HiveMqSubscription(name, topicFilters);
        if (this.subscriptions.putIfAbsent(name, subscription) != null) {
            throw new IllegalStateException("A subscriber named '" + name + "' exists already");
        }
        try {
            List<String> refused = this.protocol.subscribe(topicFilters, qos, (message, acknowledge) -> {
                if (subscription.isClosed()) {
                    // in flight while unsubscribing: acknowledged, not handed over
                    acknowledge.run();
                    return;
                }
                handler.onMessage(message).whenComplete((done, failure) -> acknowledge.run());
            }).get(this.options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!refused.isEmpty()) {
                throw new IllegalStateException("The broker at " + this.url + " refused the subscription to "
                        + String.join(", ", refused));
            }
            return subscription;
        }
        catch (ExecutionException | TimeoutException | RuntimeException ex) {
            // the filters the broker took, or a SUBACK still on its way, must not feed a handler nobody holds
            subscription.close();
            Throwable cause = (ex instanceof ExecutionException) ? ex.getCause() : ex;
            throw new IllegalStateException("Could not subscribe '" + name + "' to " + topicFilters + " at "
                    + this.url + ": " + cause, cause);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            subscription.close();
            throw new IllegalStateException("Interrupted while subscribing '" + name + "'", ex);
        }
    }

    private final class HiveMqSubscription implements Subscription {

        private final String name;

        private final List<String> topicFilters;

        private volatile boolean closed;

        HiveMqSubscription(String name, List<String> topicFilters) {
            this.name = name;
            this.topicFilters = List.copyOf(topicFilters);
        }

        @Override
        public void close() {
            if (this.closed) {
                return;
            }
            this.closed = true;
            HiveMqClientConnection.this.subscriptions.remove(this.name, this);
            if (HiveMqClientConnection.this.protocol.isConnected()) {
                try {
                    HiveMqClientConnection.this.protocol.unsubscribe(this.topicFilters)
                        .get(HiveMqClientConnection.this.options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                catch (ExecutionException | TimeoutException ex) {
                    logger.debug("Unsubscribing '" + this.name + "' failed: " + ex);
                }
            }
        }

        @Override
        public boolean isClosed() {
            return this.closed || !HiveMqClientConnection.this.running.get();
        }

    }

}
