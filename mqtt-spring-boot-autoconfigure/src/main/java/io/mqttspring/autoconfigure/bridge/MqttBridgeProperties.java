package io.mqttspring.autoconfigure.bridge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mqttspring.bridge.BridgeTopic;
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
     * keep-alive, reconnect-initial-delay, reconnect-max-delay, ssl-bundle, and topics[i].filter, .direction (out,
     * in, both), .qos, .local-prefix, .remote-prefix.
     */
    private Map<String, Bridge> bridges = new LinkedHashMap<>();

    public Map<String, Bridge> getBridges() {
        return this.bridges;
    }

    public void setBridges(Map<String, Bridge> bridges) {
        this.bridges = bridges;
    }

    /**
     * One bridge.
     */
    public static class Bridge {

        private @Nullable String url;

        private @Nullable String clientId;

        private @Nullable String username;

        private @Nullable String password;

        private boolean cleanStart = true;

        private Duration sessionExpiry = Duration.ZERO;

        private Duration keepAlive = Duration.ofSeconds(60);

        private Duration reconnectInitialDelay = Duration.ofSeconds(1);

        private Duration reconnectMaxDelay = Duration.ofSeconds(30);

        private @Nullable String sslBundle;

        private List<Topic> topics = new ArrayList<>();

        public @Nullable String getUrl() {
            return this.url;
        }

        public void setUrl(@Nullable String url) {
            this.url = url;
        }

        public @Nullable String getClientId() {
            return this.clientId;
        }

        public void setClientId(@Nullable String clientId) {
            this.clientId = clientId;
        }

        public @Nullable String getUsername() {
            return this.username;
        }

        public void setUsername(@Nullable String username) {
            this.username = username;
        }

        public @Nullable String getPassword() {
            return this.password;
        }

        public void setPassword(@Nullable String password) {
            this.password = password;
        }

        public boolean isCleanStart() {
            return this.cleanStart;
        }

        public void setCleanStart(boolean cleanStart) {
            this.cleanStart = cleanStart;
        }

        public Duration getSessionExpiry() {
            return this.sessionExpiry;
        }

        public void setSessionExpiry(Duration sessionExpiry) {
            this.sessionExpiry = sessionExpiry;
        }

        public Duration getKeepAlive() {
            return this.keepAlive;
        }

        public void setKeepAlive(Duration keepAlive) {
            this.keepAlive = keepAlive;
        }

        public Duration getReconnectInitialDelay() {
            return this.reconnectInitialDelay;
        }

        public void setReconnectInitialDelay(Duration reconnectInitialDelay) {
            this.reconnectInitialDelay = reconnectInitialDelay;
        }

        public Duration getReconnectMaxDelay() {
            return this.reconnectMaxDelay;
        }

        public void setReconnectMaxDelay(Duration reconnectMaxDelay) {
            this.reconnectMaxDelay = reconnectMaxDelay;
        }

        public @Nullable String getSslBundle() {
            return this.sslBundle;
        }

        public void setSslBundle(@Nullable String sslBundle) {
            this.sslBundle = sslBundle;
        }

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
