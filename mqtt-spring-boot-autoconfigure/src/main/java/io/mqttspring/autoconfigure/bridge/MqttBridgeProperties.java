package io.mqttspring.autoconfigure.bridge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mqttspring.autoconfigure.client.RemoteBrokerProperties;
import io.mqttspring.broker.bridge.BridgeTopic;
import io.mqttspring.broker.message.QoS;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bridges of the embedded broker to remote brokers.
 */
@ConfigurationProperties("mqtt.broker")
public class MqttBridgeProperties {

    /**
     * Bridges to remote brokers, by name: url, client-id, username, password, clean-start, session-expiry,
     * keep-alive, connect-timeout, reconnect.initial-delay, reconnect.max-delay, ssl.bundle as for mqtt.client, and
     * topics[i].filter, .direction (out, in, both), .qos, .local-prefix, .remote-prefix.
     */
    private Map<String, Bridge> bridges = new LinkedHashMap<>();

    public Map<String, Bridge> getBridges() {
        return this.bridges;
    }

    public void setBridges(Map<String, Bridge> bridges) {
        this.bridges = bridges;
    }

    /**
     * One bridge: the remote broker, and the topics it carries.
     */
    public static class Bridge extends RemoteBrokerProperties {

        private List<Topic> topics = new ArrayList<>();

        public List<Topic> getTopics() {
            return this.topics;
        }

        public void setTopics(List<Topic> topics) {
            this.topics = topics;
        }

    }

    /**
     * One topic filter a bridge carries.
     */
    public static class Topic {

        private @Nullable String filter;

        private BridgeTopic.Direction direction = BridgeTopic.Direction.OUT;

        private QoS qos = QoS.AT_LEAST_ONCE;

        private String localPrefix = "";

        private String remotePrefix = "";

        public @Nullable String getFilter() {
            return this.filter;
        }

        public void setFilter(@Nullable String filter) {
            this.filter = filter;
        }

        public BridgeTopic.Direction getDirection() {
            return this.direction;
        }

        public void setDirection(BridgeTopic.Direction direction) {
            this.direction = direction;
        }

        public QoS getQos() {
            return this.qos;
        }

        public void setQos(QoS qos) {
            this.qos = qos;
        }

        public String getLocalPrefix() {
            return this.localPrefix;
        }

        public void setLocalPrefix(String localPrefix) {
            this.localPrefix = localPrefix;
        }

        public String getRemotePrefix() {
            return this.remotePrefix;
        }

        public void setRemotePrefix(String remotePrefix) {
            this.remotePrefix = remotePrefix;
        }

    }

}
