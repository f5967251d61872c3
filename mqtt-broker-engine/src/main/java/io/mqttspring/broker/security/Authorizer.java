package io.mqttspring.broker.security;

import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.message.QoS;

import org.jspecify.annotations.Nullable;

/**
 * Decides what a connected client may do. Called on event loops for every PUBLISH and SUBSCRIBE, so implementations
 * must be fast, thread-safe and must not block.
 */
public interface Authorizer {

    /** Allows everything. */
    Authorizer ALLOW_ALL = new Authorizer() {
    };

    /**
     * Decide whether a client may publish to a topic. A refused QoS 1 or 2 publication is acknowledged with 0x87 to
     * MQTT 5 clients; MQTT 3.1.1 clients get a normal acknowledgement and the message is discarded.
     * @param client the publisher
     * @param topic the topic name
     * @param qos the QoS of the publication
     * @param retain whether the message is to be retained
     * @return {@code true} to allow
     */
    default boolean mayPublish(ClientInfo client, String topic, QoS qos, boolean retain) {
        return true;
    }

    /**
     * Decide whether a client may subscribe to a topic filter. A refusal is reported in SUBACK (0x87, or 0x80 for
     * MQTT 3.1.1). A shared subscription {@code $share/group/sensors/#} arrives as filter {@code sensors/#} and
     * share group {@code group}, so rules written for a filter apply to its shared form too.
     * @param client the subscriber
     * @param topicFilter the filter, without any {@code $share/group/} prefix
     * @param shareGroup the share group of a shared subscription, or {@code null}
     * @param qos the requested QoS
     * @return {@code true} to allow
     */
    default boolean maySubscribe(ClientInfo client, String topicFilter, @Nullable String shareGroup, QoS qos) {
        return true;
    }

    /**
     * Decide whether a subscriber may receive one message, as Mosquitto checks {@code read} access per message: a
     * subscription to {@code test/#} allowed by one rule still does not receive {@code test/secret} when another
     * rule denies it. Called for every delivery, retained messages included, on event loops: must be fast. A refused
     * delivery is skipped silently.
     * @param subscriber the subscribing client, as it last connected
     * @param topic the topic name of the message
     * @return {@code true} to deliver
     */
    default boolean mayReceive(ClientInfo subscriber, String topic) {
        return true;
    }

}
