package io.mqttspring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.mqttspring.broker.config.AnonymousAccess;
import io.mqttspring.broker.config.BrokerConfig;
import io.mqttspring.broker.config.InvalidConfigurationException;
import io.mqttspring.broker.config.TlsConfig;
import io.mqttspring.broker.config.TlsCredentials;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;

/**
 * Applies {@link MqttBrokerProperties} to the engine's {@link BrokerConfig.Builder}, in one place. A value the engine
 * rejects is reported under the name of the property it came from.
 */
public class MqttBrokerConfigurer {

    private static final String PREFIX = "mqtt.broker.";

    private final MqttBrokerProperties properties;

    // engine setting name -> property name, for error messages
    private final Map<String, String> propertyNames = new LinkedHashMap<>();

    private final @Nullable SslBundles sslBundles;

    public MqttBrokerConfigurer(MqttBrokerProperties properties) {
        this(properties, null);
    }

    /**
     * Create a configurer that resolves the SSL bundles the TLS listeners name.
     * @param properties the properties
     * @param sslBundles the application's SSL bundles, or {@code null} when there are none
     */
    public MqttBrokerConfigurer(MqttBrokerProperties properties, @Nullable SslBundles sslBundles) {
        this.properties = properties;
        this.sslBundles = sslBundles;
    }

    /**
     * Apply the properties to a builder.
     * @param builder the builder
     */
    public void configure(BrokerConfig.Builder builder) {
        MqttBrokerProperties props = this.properties;
        MqttBrokerProperties.Limits limits = props.getLimits();
        MqttBrokerProperties.Session session = props.getSession();
        MqttBrokerProperties.Capabilities capabilities = props.getCapabilities();
        PropertyMapper map = PropertyMapper.get();
        map.from(props::getHost).to(track("host", "host", builder::host));
        map.from(props::getPort).to(track("port", "port", builder::port));
        map.from(props::getIoThreads).to(track("ioThreads", "io-threads", builder::ioThreads));
        map.from(props::isNativeTransport).to(builder::nativeTransport);
        map.from(props::getConnectTimeout).to(track("connectTimeout", "connect-timeout", builder::connectTimeout));
        map.from(props::getSysInterval).to(track("sysInterval", "sys-interval", builder::sysInterval));
        map.from(props::getShutdownTimeout)
            .to(track("shutdownTimeout", "shutdown-timeout", builder::shutdownTimeout));
        map.from(limits::getMaxPacketSize)
            .as(MqttBrokerConfigurer::bytes)
            .to(track("maxPacketSize", "limits.max-packet-size", builder::maxPacketSize));
        map.from(limits::getMaxClientIdLength)
            .to(track("maxClientIdLength", "limits.max-client-id-length", builder::maxClientIdLength));
        map.from(limits::getMaxTopicLevels)
            .to(track("maxTopicLevels", "limits.max-topic-levels", builder::maxTopicLevels));
        map.from(limits::getReceiveMaximum)
            .to(track("receiveMaximum", "limits.receive-maximum", builder::receiveMaximum));
        map.from(limits::getMaxInflightMessages)
            .to(track("maxInflightMessages", "limits.max-inflight-messages", builder::maxInflightMessages));
        map.from(limits::getMaxKeepAlive).to(track("maxKeepAlive", "limits.max-keep-alive", builder::maxKeepAlive));
        map.from(limits::getWriteBufferHighWaterMark)
            .as(MqttBrokerConfigurer::bytes)
            .to(track("writeBufferHighWaterMark", "limits.write-buffer-high-water-mark",
                    builder::writeBufferHighWaterMark));
        map.from(limits::getWriteBufferLowWaterMark)
            .as(MqttBrokerConfigurer::bytes)
            .to(track("writeBufferLowWaterMark", "limits.write-buffer-low-water-mark",
                    builder::writeBufferLowWaterMark));
        map.from(limits::getMaxConnections)
            .to(track("maxConnections", "limits.max-connections", builder::maxConnections));
        map.from(limits::getMaxConnectionsPerAddress)
            .to(track("maxConnectionsPerAddress", "limits.max-connections-per-address",
                    builder::maxConnectionsPerAddress));
        map.from(limits::getConnectRatePerAddress)
            .to(track("connectRatePerAddress", "limits.connect-rate-per-address", builder::connectRatePerAddress));
        map.from(limits::getMaxSubscriptionsPerClient)
            .to(track("maxSubscriptionsPerClient", "limits.max-subscriptions-per-client",
                    builder::maxSubscriptionsPerClient));
        map.from(limits::getMaxRetainedMessages)
            .to(track("maxRetainedMessages", "limits.max-retained-messages", builder::maxRetainedMessages));
        map.from(limits::getMaxRetainedBytes)
            .as(DataSize::toBytes)
            .to(track("maxRetainedBytes", "limits.max-retained-bytes", builder::maxRetainedBytes));
        map.from(limits::getMaxRetainedMessageSize)
            .as(MqttBrokerConfigurer::bytes)
            .to(track("maxRetainedMessageSize", "limits.max-retained-message-size", builder::maxRetainedMessageSize));
        map.from(limits::getPublishRatePerClient)
            .to(track("publishRatePerClient", "limits.publish-rate-per-client", builder::publishRatePerClient));
        map.from(limits::getBandwidthPerClient)
            .as(DataSize::toBytes)
            .to(track("bandwidthPerClient", "limits.bandwidth-per-client", builder::bandwidthPerClient));
        map.from(limits::isSlowFailedLogins).to(builder::slowFailedLogins);
        map.from(session::getMaxExpiry).to(track("maxSessionExpiry", "session.max-expiry", builder::maxSessionExpiry));
        map.from(session::getMaxQueuedMessages)
            .to(track("maxQueuedMessages", "session.max-queued-messages", builder::maxQueuedMessages));
        map.from(session::getMaxQueuedBytes)
            .as(DataSize::toBytes)
            .to(track("maxQueuedBytes", "session.max-queued-bytes", builder::maxQueuedBytes));
        map.from(session::getQueueOverflowPolicy).to(builder::queueOverflowPolicy);
        MqttBrokerProperties.Cluster cluster = props.getCluster();
        if (cluster.isEnabled()) {
            if (!ClassUtils.isPresent("com.hazelcast.core.HazelcastInstance", null)) {
                throw new InvalidConfigurationPropertyValueException(PREFIX + "cluster.enabled", true,
                        "The cluster runs on Hazelcast: add com.hazelcast:hazelcast to the application's dependencies");
            }
            builder.clusterEnabled(true);
            map.from(cluster::getName).to(track("cluster.name", "cluster.name", builder::clusterName));
            map.from(cluster::getHost).to(builder::clusterHost);
            map.from(cluster::getPort).to(track("cluster.port", "cluster.port", builder::clusterPort));
            map.from(cluster::getMembers).to(builder::clusterMembers);
        }
        MqttBrokerProperties.Persistence persistence = props.getPersistence();
        if (persistence.isEnabled()) {
            if (!ClassUtils.isPresent("org.rocksdb.RocksDB", null)) {
                throw new InvalidConfigurationPropertyValueException(PREFIX + "persistence.enabled", true,
                        "Persistence keeps state in RocksDB: add org.rocksdb:rocksdbjni to the application's "
                                + "dependencies");
            }
            map.from(persistence::getPath).to(track("persistence.path", "persistence.path", builder::persistencePath));
            map.from(persistence::getSyncPolicy).to(builder::syncPolicy);
            map.from(persistence::getSyncInterval)
                .to(track("persistence.syncInterval", "persistence.sync-interval", builder::syncInterval));
        }
        map.from(capabilities::getMaximumQos).to(builder::maximumQos);
        map.from(capabilities::isRetainAvailable).to(builder::retainAvailable);
        map.from(capabilities::isWildcardSubscriptionsAvailable).to(builder::wildcardSubscriptionsAvailable);
        map.from(capabilities::isSubscriptionIdentifiersAvailable).to(builder::subscriptionIdentifiersAvailable);
        map.from(capabilities::isSharedSubscriptionsAvailable).to(builder::sharedSubscriptionsAvailable);
        map.from(capabilities::getSharedSubscriptionStrategy).to(builder::sharedSubscriptionStrategy);
        map.from(capabilities::getTopicAliasMaximum)
            .to(track("topicAliasMaximum", "capabilities.topic-alias-maximum", builder::topicAliasMaximum));
        map.from(capabilities::getOutboundTopicAliasMaximum)
            .to(track("outboundTopicAliasMaximum", "capabilities.outbound-topic-alias-maximum",
                    builder::outboundTopicAliasMaximum));
        map.from(capabilities::getResponseInformation).to(builder::responseInformation);
        map.from(capabilities::isDollarTopicPublishAllowed).to(builder::dollarTopicPublishAllowed);
        MqttBrokerProperties.FlowControl flowControl = props.getFlowControl();
        map.from(flowControl::getStallTimeout)
            .to(track("stallTimeout", "flow-control.stall-timeout", builder::stallTimeout));
        map.from(flowControl::getStallPolicy).to(builder::stallPolicy);
        map.from(flowControl::getUnwritableTimeout)
            .to(track("unwritableTimeout", "flow-control.unwritable-timeout", builder::unwritableTimeout));
        map.from(flowControl::getMemoryBudget)
            .as(DataSize::toBytes)
            .to(track("memoryBudget", "flow-control.memory-budget", builder::memoryBudget));
        MqttBrokerProperties.WebSocket websocket = props.getWebsocket();
        map.from(websocket::isEnabled).to(builder::webSocketEnabled);
        map.from(websocket::getHost).to(builder::webSocketHost);
        map.from(websocket::getPort).to(track("webSocketPort", "websocket.port", builder::webSocketPort));
        map.from(websocket::getPath).to(track("webSocketPath", "websocket.path", builder::webSocketPath));
        map.from(websocket::getAllowedOrigins).to(builder::webSocketAllowedOrigins);
        map.from(props::isTcpEnabled).to(track("tcpEnabled", "tcp-enabled", builder::tcpEnabled));
        Boolean allowAnonymous = props.getSecurity().getAllowAnonymous();
        builder.anonymousAccess((allowAnonymous == null) ? AnonymousAccess.LOOPBACK_ONLY
                : allowAnonymous ? AnonymousAccess.ALLOWED : AnonymousAccess.REFUSED);
        MqttBrokerProperties.Ssl ssl = props.getSsl();
        if (ssl.getBundle() != null) {
            builder.tls(tlsConfig("ssl.bundle", ssl.getBundle()));
            this.propertyNames.put("tls", "ssl.bundle");
            map.from(ssl::getHost).to(builder::tlsHost);
            map.from(ssl::getPort).to(track("tlsPort", "ssl.port", builder::tlsPort));
        }
        MqttBrokerProperties.SecureWebSocket wss = websocket.getSsl();
        if (wss.getBundle() != null) {
            builder.secureWebSocketEnabled(true)
                .secureWebSocketTls(tlsConfig("websocket.ssl.bundle", wss.getBundle()));
            this.propertyNames.put("secureWebSocketTls", "websocket.ssl.bundle");
            map.from(wss::getHost).to(builder::secureWebSocketHost);
            map.from(wss::getPort)
                .to(track("secureWebSocketPort", "websocket.ssl.port", builder::secureWebSocketPort));
        }
    }

    private TlsConfig tlsConfig(String property, String bundleName) {
        if (this.sslBundles == null) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + property, bundleName,
                    "no SSL bundles are configured (spring.ssl.bundle.*)");
        }
        SslBundle bundle;
        try {
            bundle = this.sslBundles.getBundle(bundleName);
        }
        catch (NoSuchSslBundleException ex) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + property, bundleName, ex.getMessage());
        }
        AtomicReference<TlsCredentials> current = new AtomicReference<>(credentials(bundle));
        // a reloaded bundle (spring.ssl.bundle.*.reload-on-update) serves the next connection
        this.sslBundles.addBundleUpdateHandler(bundleName, (updated) -> current.set(credentials(updated)));
        MqttBrokerProperties.Ssl ssl = this.properties.getSsl();
        TlsConfig config = TlsConfig.reloadable(current::get).withClientAuth(ssl.getClientAuth())
            .withIdentity(ssl.getCertificateIdentity(), ssl.isIdentityAsUsername());
        SslOptions options = bundle.getOptions();
        if (options.getEnabledProtocols() != null) {
            config = config.withProtocols(List.of(options.getEnabledProtocols()));
        }
        if (options.getCiphers() != null) {
            config = config.withCipherSuites(List.of(options.getCiphers()));
        }
        return config;
    }

    private static TlsCredentials credentials(SslBundle bundle) {
        SslManagerBundle managers = bundle.getManagers();
        return TlsCredentials.managers(managers.getKeyManagerFactory(), managers.getTrustManagerFactory());
    }

    /**
     * Build the configuration, reporting an invalid value under its property name.
     * @param builder a builder the properties and customizers were applied to
     * @return the configuration
     * @throws InvalidConfigurationPropertyValueException naming the property of a rejected value
     */
    public BrokerConfig build(BrokerConfig.Builder builder) {
        try {
            return builder.build();
        }
        catch (InvalidConfigurationException ex) {
            String property = this.propertyNames.getOrDefault(ex.getSetting(), ex.getSetting());
            throw new InvalidConfigurationPropertyValueException(PREFIX + property, ex.getValue(), ex.getMessage());
        }
    }

    private <T> Consumer<T> track(String setting, String property, Consumer<T> target) {
        this.propertyNames.put(setting, property);
        return target;
    }

    private static int bytes(DataSize size) {
        return (int) Math.min(size.toBytes(), Integer.MAX_VALUE);
    }

}
