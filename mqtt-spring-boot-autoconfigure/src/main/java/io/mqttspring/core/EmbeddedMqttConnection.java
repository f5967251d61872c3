package io.mqttspring.core;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.mqttspring.broker.InProcessSubscriber;
import io.mqttspring.broker.InProcessSubscriberBuilder;
import io.mqttspring.broker.MessageHandler;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.PublishResult;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;

import org.springframework.util.Assert;

/**
 * The embedded broker, in process: no network, no client, each subscriber an in-process session of the broker.
 */
public final class EmbeddedMqttConnection implements MqttConnection {

    private final MqttBroker broker;

    public EmbeddedMqttConnection(MqttBroker broker) {
        Assert.notNull(broker, "'broker' must not be null");
        this.broker = broker;
    }

    public MqttBroker getBroker() {
        return this.broker;
    }

    @Override
    public CompletableFuture<PublishResult> publish(ApplicationMessage message) {
        return this.broker.publish(message);
    }

    @Override
    public Subscription subscribe(String name, List<String> topicFilters, QoS qos, MessageHandler handler) {
        InProcessSubscriberBuilder builder = this.broker.newSubscriber(name).handler(handler);
        for (String filter : topicFilters) {
            builder.topic(filter, qos);
        }
        InProcessSubscriber subscriber = builder.start();
        return new Subscription() {

            @Override
            public void close() {
                // a stopped broker has ended the session already
                if (EmbeddedMqttConnection.this.broker.isRunning()) {
                    subscriber.close();
                }
            }

            @Override
            public boolean isClosed() {
                return subscriber.isClosed();
            }

        };
    }

    @Override
    public boolean isRunning() {
        return this.broker.isRunning();
    }

    @Override
    public String describe() {
        return "embedded broker";
    }

}
