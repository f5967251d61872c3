package io.mqttspring.autoconfigure.bridge;

import java.util.ArrayList;
import java.util.List;

import com.hivemq.client.mqtt.datatypes.MqttTopicFilter;
import io.mqttspring.autoconfigure.client.HiveMqClients;
import io.mqttspring.broker.bridge.BridgeTopic;
import io.mqttspring.broker.bridge.MqttBridge;
import io.mqttspring.broker.MqttBroker;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundles;

/**
 * Builds a bridge from its properties, naming the property of a value that is wrong. Loaded only when the HiveMQ MQTT
 * Client is on the class path.
 */
final class BridgeFactory {

    private BridgeFactory() {
    }

    static MqttBridge bridge(String name, MqttBridgeProperties.Bridge properties, MqttBroker broker,
            @Nullable SslBundles sslBundles) {
        String prefix = "mqtt.broker.bridges." + name;
        if (properties.getTopics().isEmpty()) {
            throw new InvalidConfigurationPropertyValueException(prefix + ".topics", "[]",
                    "A bridge carries at least one topic filter");
        }
        List<BridgeTopic> topics = new ArrayList<>();
        for (int i = 0; i < properties.getTopics().size(); i++) {
            MqttBridgeProperties.Topic topic = properties.getTopics().get(i);
            String property = prefix + ".topics[" + i + "].filter";
            if (topic.getFilter() == null || topic.getFilter().isBlank()) {
                throw new InvalidConfigurationPropertyValueException(property, topic.getFilter(),
                        "Give the topic filter to carry");
            }
            try {
                // the client's own check of MQTT's filter rules
                MqttTopicFilter.of(topic.getLocalPrefix() + topic.getFilter());
                MqttTopicFilter.of(topic.getRemotePrefix() + topic.getFilter());
            }
            catch (IllegalArgumentException ex) {
                throw new InvalidConfigurationPropertyValueException(property, topic.getFilter(), ex.getMessage());
            }
            topics.add(new BridgeTopic(topic.getFilter(), topic.getDirection(), topic.getQos(),
                    topic.getLocalPrefix(), topic.getRemotePrefix()));
        }
        var client = HiveMqClients.builder(prefix, properties.getUrl(),
                (properties.getClientId() != null) ? properties.getClientId() : name,
                properties.getReconnect().getInitialDelay(), properties.getReconnect().getMaxDelay(),
                properties.getSsl().getBundle(), sslBundles).buildAsync();
        return new MqttBridge(name, broker, client, topics, HiveMqClients.options(prefix, properties));
    }

}
