package io.mqttspring.core;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.mqttspring.broker.MessageHandler;
import io.mqttspring.broker.PublishResult;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;

/**
 * The application's way to an MQTT broker, which the template, {@code @MqttListener} methods and the Spring
 * Integration adapters share: the embedded broker in process ({@link EmbeddedMqttConnection}), or a broker over the
 * network as a client ({@code mqtt.client.url}). The same code runs against either. Thread-safe.
 */
public interface MqttConnection {

    /**
     * Publish a message.
     * @param message the message
     * @return completes once the broker took it: at once in process; for QoS 1 and 2 over the network once it
     * acknowledged it; exceptionally when it refused
     */
    CompletableFuture<PublishResult> publish(ApplicationMessage message);

    /**
     * Subscribe to topic filters, and hand each matching message to a handler. Returns once the broker confirmed
     * the subscriptions (over the network: SUBACK); retained messages arrive first.
     * @param name a name for the subscriber, unique among this connection's subscribers
     * @param topicFilters the filters, possibly shared ({@code $share/group/filter})
     * @param qos the maximum QoS
     * @param handler takes each message on a connection thread, in order, and returns at once: a QoS 1 or 2 message
     * is acknowledged when the stage it returns completes
     * @return the subscription, to close
     */
    Subscription subscribe(String name, List<String> topicFilters, QoS qos, MessageHandler handler);

    /**
     * Return whether messages can be published and received now.
     * @return {@code false} while the embedded broker is stopped or the network connection is down
     */
    boolean isRunning();

    /**
     * Return what the connection goes to, for logs and health.
     * @return e.g. {@code embedded broker} or {@code tcp://broker.example.com:1883}
     */
    String describe();

    /**
     * Return whether MQTT 5 properties reach the other side: user properties, response topic, correlation data,
     * content type, message expiry. Request/response and trace propagation need them.
     * @return {@code false} for a connection to a broker in MQTT 3.1.1
     */
    default boolean supportsMqtt5() {
        return true;
    }

    /**
     * A subscription made through a connection.
     */
    interface Subscription {

        /**
         * Unsubscribe; no message is handed over after this returns.
         */
        void close();

        /**
         * Return whether the subscription ended: closed, or its broker stopped.
         * @return {@code true} once ended
         */
        boolean isClosed();

    }

}
