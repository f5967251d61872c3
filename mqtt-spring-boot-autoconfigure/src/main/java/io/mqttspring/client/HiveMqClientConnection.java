package io.mqttspring.client;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttTopicFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.pubrec.Mqtt5PubRecReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5SubscribeBuilder;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.mqttspring.broker.bridge.ConnectOptions;
import io.mqttspring.broker.bridge.MessageMapping;
import io.mqttspring.broker.MessageHandler;
import io.mqttspring.broker.PublishResult;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.core.MqttConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * A broker over the network, through one HiveMQ MQTT Client (MQTT 5): it connects when the application starts,
 * reconnects with back-off when the connection drops, and keeps publications made while it is down until it is
 * back. Each subscription acknowledges a QoS 1 or 2 message once its handler's stage completed, as the embedded
 * broker's in-process subscribers do. Thread-safe.
 */
public final class HiveMqClientConnection implements MqttConnection, SmartLifecycle {

    private static final Log logger = LogFactory.getLog(HiveMqClientConnection.class);

    /** The phase: before listeners and adapters start, after they stop, as the embedded broker's. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

    private final Mqtt5AsyncClient client;

    private final String url;

    private final ConnectOptions options;

    private final Map<String, HiveMqSubscription> subscriptions = new ConcurrentHashMap<>();

    private final AtomicBoolean running = new AtomicBoolean();

    /**
     * Create a connection, not connected yet.
     * @param client the client, built with the server address, TLS and automatic reconnect
     * @param url the server, for logs and health
     * @param options how to connect
     */
    public HiveMqClientConnection(Mqtt5AsyncClient client, String url, ConnectOptions options) {
        Assert.notNull(client, "'client' must not be null");
        Assert.hasText(url, "'url' must not be empty");
        Assert.notNull(options, "'options' must not be null");
        this.client = client;
        this.url = url;
        this.options = options;
    }

    public Mqtt5AsyncClient getClient() {
        return this.client;
    }

    @Override
    public void start() {
        if (!this.running.compareAndSet(false, true)) {
            return;
        }
        try {
            this.options.connect(this.client).get(this.options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            logger.info("Connected to MQTT broker " + this.url);
        }
        catch (ExecutionException | TimeoutException ex) {
            this.running.set(false);
            this.client.disconnect();
            Throwable cause = (ex instanceof ExecutionException) ? ex.getCause() : ex;
            throw new IllegalStateException("Could not connect to the MQTT broker at " + this.url
                    + " (mqtt.client.url): " + cause, cause);
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
                this.client.disconnect().get(this.options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
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
        return this.running.get() && this.client.getState().isConnected();
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
            return this.client.publish(MessageMapping.toPublish(message)).thenApply(HiveMqClientConnection::result);
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    /**
     * Turn the broker's answer into a result: over the network the number of subscribers is not known, only
     * whether there was none (MQTT 5 reason 0x10 on QoS 1 and 2).
     */
    private static PublishResult result(Mqtt5PublishResult result) {
        if (result.getError().isPresent()) {
            throw new IllegalStateException("The broker refused the publication: " + result.getError().get(),
                    result.getError().get());
        }
        if (result instanceof Mqtt5PublishResult.Mqtt5Qos1Result qos1) {
            if (qos1.getPubAck().getReasonCode().isError()) {
                throw new IllegalStateException("The broker refused the publication: " + qos1.getPubAck());
            }
            return new PublishResult(
                    (qos1.getPubAck().getReasonCode() == Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS) ? 0 : -1);
        }
        if (result instanceof Mqtt5PublishResult.Mqtt5Qos2Result qos2) {
            if (qos2.getPubRec().getReasonCode().isError()) {
                throw new IllegalStateException("The broker refused the publication: " + qos2.getPubRec());
            }
            return new PublishResult(
                    (qos2.getPubRec().getReasonCode() == Mqtt5PubRecReasonCode.NO_MATCHING_SUBSCRIBERS) ? 0 : -1);
        }
        return new PublishResult(-1);
    }

    @Override
    public Subscription subscribe(String name, List<String> topicFilters, QoS qos, MessageHandler handler) {
        Assert.notEmpty(topicFilters, "'topicFilters' must not be empty");
        HiveMqSubscription subscription = new HiveMqSubscription(name, topicFilters);
        if (this.subscriptions.putIfAbsent(name, subscription) != null) {
            throw new IllegalStateException("A subscriber named '" + name + "' exists already");
        }
        Mqtt5SubscribeBuilder.Start builder = Mqtt5Subscribe.builder();
        Mqtt5SubscribeBuilder.Complete complete = null;
        for (String filter : topicFilters) {
            Mqtt5Subscription entry = Mqtt5Subscription.builder().topicFilter(filter)
                    .qos(MqttQos.fromCode(qos.value())).build();
            complete = (complete == null) ? builder.addSubscription(entry) : complete.addSubscription(entry);
        }
        try {
            Mqtt5SubAck subAck = this.client.subscribe(complete.build(), (publish) -> {
                if (subscription.isClosed()) {
                    // in flight while unsubscribing: acknowledged, not handed over
                    publish.acknowledge();
                    return;
                }
                handler.onMessage(MessageMapping.toReceived(publish))
                    .whenComplete((done, failure) -> publish.acknowledge());
            }, true).get(this.options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            for (int i = 0; i < subAck.getReasonCodes().size(); i++) {
                Mqtt5SubAckReasonCode code = subAck.getReasonCodes().get(i);
                if (code.isError()) {
                    throw new IllegalStateException("The broker at " + this.url + " refused the subscription to '"
                            + topicFilters.get(i) + "': " + code);
                }
            }
            return subscription;
        }
        catch (ExecutionException | TimeoutException | RuntimeException ex) {
            this.subscriptions.remove(name, subscription);
            Throwable cause = (ex instanceof ExecutionException) ? ex.getCause() : ex;
            throw new IllegalStateException("Could not subscribe '" + name + "' to " + topicFilters + " at "
                    + this.url + ": " + cause, cause);
        }
        catch (InterruptedException ex) {
            this.subscriptions.remove(name, subscription);
            Thread.currentThread().interrupt();
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
            if (HiveMqClientConnection.this.client.getState().isConnected()) {
                try {
                    HiveMqClientConnection.this.client.unsubscribeWith().addTopicFilters(this.topicFilters.stream()
                            .map(MqttTopicFilter::of).toList())
                        .send().get(HiveMqClientConnection.this.options.connectTimeout().toMillis(),
                                TimeUnit.MILLISECONDS);
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
