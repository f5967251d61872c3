package io.mqttspring.autoconfigure;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.config.BrokerConfig;
import io.mqttspring.broker.config.Capabilities;
import io.mqttspring.broker.config.FlowControl;
import io.mqttspring.broker.config.Limits;
import io.mqttspring.broker.config.QueueOverflowPolicy;
import io.mqttspring.broker.config.SharedSubscriptionStrategy;
import io.mqttspring.broker.config.StallPolicy;
import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.core.PortInUseException;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.ReasonCode;
import io.mqttspring.broker.metrics.BrokerListener;
import io.mqttspring.broker.persistence.RetainedMessage;
import io.mqttspring.broker.persistence.RetainedMessageStore;
import io.mqttspring.broker.persistence.SessionSnapshot;
import io.mqttspring.broker.persistence.SessionStore;
import io.mqttspring.broker.persistence.memory.InMemoryRetainedMessageStore;
import io.mqttspring.broker.persistence.memory.InMemorySessionStore;
import io.mqttspring.broker.security.AuthenticationResult;
import io.mqttspring.broker.security.AuthenticationStep;
import io.mqttspring.broker.security.Authenticator;
import io.mqttspring.broker.security.Authorizer;
import io.mqttspring.broker.security.EnhancedAuthenticator;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.broker.support.Paho5Client;
import io.mqttspring.testsupport.FailureAnalyses;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link MqttBrokerAutoConfiguration}: conditions, back-off, properties, customizers, extension points,
 * start-up failures.
 */
class MqttBrokerAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MqttBrokerAutoConfiguration.class))
        .withPropertyValues("mqtt.broker.port=0", "mqtt.broker.websocket.port=0", "mqtt.broker.host=127.0.0.1",
                "mqtt.broker.sys-interval=0", "mqtt.broker.io-threads=1", "mqtt.broker.shutdown-timeout=1s");

    @Test
    void brokerIsCreatedStartedAndPublishesItsPorts() {
        this.runner.run((context) -> {
            assertThat(context).hasSingleBean(MqttBroker.class).hasSingleBean(MqttBrokerLifecycle.class);
            MqttBroker broker = context.getBean(MqttBroker.class);
            assertThat(broker.isRunning()).isTrue();
            assertThat(broker.isAcceptingConnections()).isTrue();
            assertThat(broker.port()).isPositive();
            assertThat(context.getEnvironment().getProperty("local.mqtt.broker.port", Integer.class))
                .isEqualTo(broker.port());
            assertThat(context.getEnvironment().getProperty("local.mqtt.broker.websocket-port", Integer.class))
                .isEqualTo(broker.webSocketPort())
                .isPositive();
        });
    }

    @Test
    void brokerIsStoppedWhenTheContextCloses() {
        AtomicReference<MqttBroker> broker = new AtomicReference<>();
        this.runner.run((context) -> broker.set(context.getBean(MqttBroker.class)));
        assertThat(broker.get()).isNotNull();
        assertThat(broker.get().isRunning()).isFalse();
    }

    @Test
    void networkClientsCanConnect() {
        this.runner.run((context) -> {
            int port = context.getEnvironment().getProperty("local.mqtt.broker.port", Integer.class);
            try (Paho3Client client = Paho3Client.connected(port, ClientIds.unique("autoconfig-connect"))) {
                assertThat(client.client().isConnected()).isTrue();
            }
        });
    }

    @Test
    void webSocketClientsConnectOnThePublishedPortAndPath() {
        this.runner.withPropertyValues("mqtt.broker.websocket.path=/ws").run((context) -> {
            int webSocketPort = context.getEnvironment().getProperty("local.mqtt.broker.websocket-port", Integer.class);
            Mqtt5BlockingClient client = Mqtt5Client.builder()
                .identifier(ClientIds.unique("autoconfig-websocket"))
                .serverHost("127.0.0.1")
                .serverPort(webSocketPort)
                .webSocketConfig()
                .serverPath("ws")
                .applyWebSocketConfig()
                .buildBlocking();
            try {
                assertThat(client.connect().getReasonCode().isError()).isFalse();
                assertThat(context.getBean(MqttBroker.class).statistics().connections()).isEqualTo(1);
            }
            finally {
                client.disconnect();
            }
        });
    }

    @Test
    void portsArePublishedToTheParentContextToo() {
        new ApplicationContextRunner().run((parent) -> this.runner.withParent(parent).run((context) -> {
            MqttBroker broker = context.getBean(MqttBroker.class);
            assertThat(parent.getEnvironment().getProperty("local.mqtt.broker.port", Integer.class))
                .isEqualTo(broker.port());
        }));
    }

    @Test
    void defaultsMatchTheDocumentedDefaults() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MqttBrokerAutoConfiguration.class))
            .withPropertyValues("mqtt.broker.port=0", "mqtt.broker.websocket.port=0")
            .run((context) -> {
                BrokerConfig config = context.getBean(MqttBroker.class).config();
                assertThat(config.host()).isEqualTo("0.0.0.0");
                assertThat(config.ioThreads()).isZero();
                assertThat(config.nativeTransport()).isTrue();
                assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
                assertThat(config.sysInterval()).isEqualTo(Duration.ofSeconds(10));
                assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
                Limits limits = config.limits();
                assertThat(limits.maxPacketSize()).isEqualTo(1024 * 1024);
                assertThat(limits.maxClientIdLength()).isEqualTo(65_535);
                assertThat(limits.maxTopicLevels()).isEqualTo(128);
                assertThat(limits.receiveMaximum()).isEqualTo(256);
                assertThat(limits.maxInflightMessages()).isEqualTo(32);
                assertThat(limits.maxKeepAlive()).isEqualTo(Duration.ofSeconds(65_535));
                assertThat(limits.writeBufferHighWaterMark()).isEqualTo(64 * 1024);
                assertThat(limits.writeBufferLowWaterMark()).isEqualTo(32 * 1024);
                assertThat(limits.maxSessionExpiry()).isEqualTo(Duration.ofDays(7));
                assertThat(limits.maxQueuedMessages()).isEqualTo(1000);
                assertThat(limits.queueOverflowPolicy()).isEqualTo(QueueOverflowPolicy.DROP_NEWEST);
                Capabilities capabilities = config.capabilities();
                assertThat(capabilities.maximumQos()).isEqualTo(QoS.EXACTLY_ONCE);
                assertThat(capabilities.retainAvailable()).isTrue();
                assertThat(capabilities.wildcardSubscriptionsAvailable()).isTrue();
                assertThat(capabilities.subscriptionIdentifiersAvailable()).isTrue();
                assertThat(capabilities.sharedSubscriptionsAvailable()).isTrue();
                assertThat(capabilities.sharedSubscriptionStrategy())
                    .isEqualTo(SharedSubscriptionStrategy.ROUND_ROBIN);
                assertThat(capabilities.topicAliasMaximum()).isEqualTo(10);
                assertThat(capabilities.outboundTopicAliasMaximum()).isZero();
                assertThat(capabilities.responseInformation()).isNull();
                assertThat(config.webSocket().enabled()).isTrue();
                assertThat(config.webSocket().host()).isEqualTo("0.0.0.0");
                assertThat(config.webSocket().path()).isEqualTo("/mqtt");
                assertThat(config.flowControl().stallTimeout()).isEqualTo(Duration.ofSeconds(10));
                assertThat(config.flowControl().stallPolicy()).isEqualTo(StallPolicy.OVERFLOW);
                assertThat(config.flowControl().unwritableTimeout()).isEqualTo(Duration.ofSeconds(60));
                assertThat(config.flowControl().memoryBudget()).isEqualTo(Runtime.getRuntime().maxMemory() / 4);
            });
    }

    @Test
    void propertiesAreMappedOntoTheEngineConfiguration() {
        this.runner
            .withPropertyValues("mqtt.broker.io-threads=2", "mqtt.broker.native-transport=false",
                    "mqtt.broker.connect-timeout=3s", "mqtt.broker.shutdown-timeout=250ms",
                    "mqtt.broker.limits.max-packet-size=64KB", "mqtt.broker.limits.max-client-id-length=100",
                    "mqtt.broker.limits.max-topic-levels=12", "mqtt.broker.limits.receive-maximum=50",
                    "mqtt.broker.limits.max-inflight-messages=7", "mqtt.broker.limits.max-keep-alive=2m",
                    "mqtt.broker.limits.write-buffer-high-water-mark=128KB",
                    "mqtt.broker.limits.write-buffer-low-water-mark=16KB", "mqtt.broker.session.max-expiry=1h",
                    "mqtt.broker.session.max-queued-messages=42",
                    "mqtt.broker.session.queue-overflow-policy=drop-oldest",
                    "mqtt.broker.capabilities.maximum-qos=at-least-once",
                    "mqtt.broker.capabilities.retain-available=false",
                    "mqtt.broker.capabilities.wildcard-subscriptions-available=false",
                    "mqtt.broker.capabilities.subscription-identifiers-available=false",
                    "mqtt.broker.capabilities.shared-subscriptions-available=false",
                    "mqtt.broker.capabilities.shared-subscription-strategy=hash-topic",
                    "mqtt.broker.capabilities.topic-alias-maximum=3",
                    "mqtt.broker.capabilities.outbound-topic-alias-maximum=4",
                    "mqtt.broker.capabilities.response-information=responses/",
                    "mqtt.broker.websocket.host=localhost", "mqtt.broker.websocket.path=/ws",
                    "mqtt.broker.flow-control.stall-timeout=3s", "mqtt.broker.flow-control.stall-policy=disconnect",
                    "mqtt.broker.flow-control.unwritable-timeout=20s", "mqtt.broker.flow-control.memory-budget=64MB")
            .run((context) -> {
                BrokerConfig config = context.getBean(MqttBroker.class).config();
                assertThat(config.host()).isEqualTo("127.0.0.1");
                assertThat(config.port()).isZero();
                assertThat(config.ioThreads()).isEqualTo(2);
                assertThat(config.nativeTransport()).isFalse();
                assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
                assertThat(config.sysInterval()).isZero();
                assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofMillis(250));
                Limits limits = config.limits();
                assertThat(limits.maxPacketSize()).isEqualTo(64 * 1024);
                assertThat(limits.maxClientIdLength()).isEqualTo(100);
                assertThat(limits.maxTopicLevels()).isEqualTo(12);
                assertThat(limits.receiveMaximum()).isEqualTo(50);
                assertThat(limits.maxInflightMessages()).isEqualTo(7);
                assertThat(limits.maxKeepAlive()).isEqualTo(Duration.ofMinutes(2));
                assertThat(limits.writeBufferHighWaterMark()).isEqualTo(128 * 1024);
                assertThat(limits.writeBufferLowWaterMark()).isEqualTo(16 * 1024);
                assertThat(limits.maxSessionExpiry()).isEqualTo(Duration.ofHours(1));
                assertThat(limits.maxQueuedMessages()).isEqualTo(42);
                assertThat(limits.queueOverflowPolicy()).isEqualTo(QueueOverflowPolicy.DROP_OLDEST);
                Capabilities capabilities = config.capabilities();
                assertThat(capabilities.maximumQos()).isEqualTo(QoS.AT_LEAST_ONCE);
                assertThat(capabilities.retainAvailable()).isFalse();
                assertThat(capabilities.wildcardSubscriptionsAvailable()).isFalse();
                assertThat(capabilities.subscriptionIdentifiersAvailable()).isFalse();
                assertThat(capabilities.sharedSubscriptionsAvailable()).isFalse();
                assertThat(capabilities.sharedSubscriptionStrategy())
                    .isEqualTo(SharedSubscriptionStrategy.HASH_TOPIC);
                assertThat(capabilities.topicAliasMaximum()).isEqualTo(3);
                assertThat(capabilities.outboundTopicAliasMaximum()).isEqualTo(4);
                assertThat(capabilities.responseInformation()).isEqualTo("responses/");
                assertThat(config.webSocket().enabled()).isTrue();
                assertThat(config.webSocket().host()).isEqualTo("localhost");
                assertThat(config.webSocket().path()).isEqualTo("/ws");
                FlowControl flowControl = config.flowControl();
                assertThat(flowControl.stallTimeout()).isEqualTo(Duration.ofSeconds(3));
                assertThat(flowControl.stallPolicy()).isEqualTo(StallPolicy.DISCONNECT);
                assertThat(flowControl.unwritableTimeout()).isEqualTo(Duration.ofSeconds(20));
                assertThat(flowControl.memoryBudget()).isEqualTo(64L * 1024 * 1024);
            });
    }

    @Test
    void webSocketHostDefaultsToTheBrokerHost() {
        this.runner.run((context) -> assertThat(context.getBean(MqttBroker.class).config().webSocket().host())
            .isEqualTo("127.0.0.1"));
    }

    @Test
    void webSocketListenerCanBeTurnedOff() {
        this.runner.withPropertyValues("mqtt.broker.websocket.enabled=false").run((context) -> {
            MqttBroker broker = context.getBean(MqttBroker.class);
            assertThat(broker.config().webSocket().enabled()).isFalse();
            assertThat(broker.webSocketPort()).isEqualTo(-1);
            assertThat(broker.listenerUris()).singleElement().asString().startsWith("mqtt://");
            assertThat(context.getEnvironment().containsProperty("local.mqtt.broker.websocket-port")).isFalse();
            assertThat(context.getEnvironment().getProperty("local.mqtt.broker.port", Integer.class))
                .isEqualTo(broker.port());
        });
    }

    @ParameterizedTest
    @CsvSource({ "0, AT_MOST_ONCE", "1, AT_LEAST_ONCE", "2, EXACTLY_ONCE", "at-most-once, AT_MOST_ONCE",
            "AT_LEAST_ONCE, AT_LEAST_ONCE", "exactly-once, EXACTLY_ONCE", "' 1 ', AT_LEAST_ONCE" })
    void qosPropertiesAcceptNumbersAndNames(String value, QoS expected) {
        this.runner.withPropertyValues("mqtt.broker.capabilities.maximum-qos=" + value)
            .run((context) -> assertThat(context.getBean(MqttBroker.class).config().capabilities().maximumQos())
                .isEqualTo(expected));
    }

    @Test
    void qosPropertyOutOfRangeFailsNamingTheProperty() {
        this.runner.withPropertyValues("mqtt.broker.capabilities.maximum-qos=3").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("mqtt.broker.capabilities.maximum-qos");
        });
    }

    @Test
    void mqttBrokerEnabledFalseTurnsTheBrokerOff() {
        this.runner.withPropertyValues("mqtt.broker.enabled=false")
            .run((context) -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(MqttBroker.class)
                .doesNotHaveBean(MqttBrokerLifecycle.class)
                .doesNotHaveBean(MqttBrokerProperties.class)
                .satisfies((c) -> assertThat(c.getEnvironment().containsProperty("local.mqtt.broker.port"))
                    .isFalse()));
    }

    @Test
    void backsOffWithoutTheEngine() {
        this.runner.withClassLoader(new FilteredClassLoader(MqttBroker.class))
            .run((context) -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(MqttBrokerLifecycle.class)
                .doesNotHaveBean(MqttBrokerProperties.class));
    }

    @Test
    void userDefinedBrokerIsUsedAndStillStartedWithTheContext() {
        MqttBroker own = MqttBroker.builder()
            .config(BrokerConfig.builder().host("127.0.0.1").port(0).ioThreads(1).maxQueuedMessages(7).build())
            .build();
        this.runner.withBean("ownBroker", MqttBroker.class, () -> own).run((context) -> {
            assertThat(context).hasSingleBean(MqttBroker.class).hasSingleBean(MqttBrokerLifecycle.class);
            assertThat(context.getBean(MqttBroker.class)).isSameAs(own);
            assertThat(own.isRunning()).isTrue();
            assertThat(context.getEnvironment().getProperty("local.mqtt.broker.port", Integer.class))
                .isEqualTo(own.port());
        });
        assertThat(own.isRunning()).isFalse();
    }

    @Test
    void userDefinedLifecycleBacksOff() {
        this.runner.withUserConfiguration(OwnLifecycleConfiguration.class).run((context) -> {
            assertThat(context).hasSingleBean(MqttBrokerLifecycle.class);
            assertThat(context.getBean(MqttBrokerLifecycle.class)).isInstanceOf(OwnLifecycle.class);
        });
    }

    @Test
    void customizersRunAfterPropertiesInOrder() {
        this.runner.withPropertyValues("mqtt.broker.session.max-queued-messages=5")
            .withUserConfiguration(CustomizersConfiguration.class)
            .run((context) -> {
                CustomizersConfiguration customizers = context.getBean(CustomizersConfiguration.class);
                assertThat(customizers.seenMaxQueued).containsExactly(5, 100);
                assertThat(customizers.configOrder).containsExactly("first", "second");
                assertThat(customizers.brokerOrder).containsExactly("first", "second");
                MqttBroker broker = context.getBean(MqttBroker.class);
                assertThat(broker.config().limits().maxQueuedMessages()).isEqualTo(200);
                broker.publish(ApplicationMessage.of("customized/listener", "hello"));
                assertThat(customizers.published).containsExactly("customized/listener");
            });
    }

    @Test
    void customizerValuesAreValidated() {
        this.runner
            .withBean(MqttBrokerCustomizer.class, () -> (config) -> config.maxInflightMessages(0))
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).hasStackTraceContaining("maxInflightMessages")
                    .hasStackTraceContaining("must be between 1 and 65535");
            });
    }

    @Test
    void valueSetByACustomizerIsNotBlamedOnAnUnsetProperty() {
        // the property keeps its default (32); the customizer set 0
        this.runner
            .withBean(MqttBrokerCustomizer.class, () -> (config) -> config.maxInflightMessages(0))
            .run((context) -> {
                assertThat(context).hasFailed();
                Throwable root = NestedExceptionUtils.getRootCause(context.getStartupFailure());
                assertThat(root).isNotInstanceOf(InvalidConfigurationPropertyValueException.class);
            });
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = { "port|70000|must be between 0 and 65535",
            "io-threads|-1|must be between 0 and 1024", "host|' '|must not be blank",
            "connect-timeout|0s|must be positive", "sys-interval|-1s|must not be negative",
            "shutdown-timeout|-1s|must not be negative", "limits.max-packet-size|8B|must be between 16 and",
            "limits.max-client-id-length|5|must be between 23 and 65535",
            "limits.max-topic-levels|0|must be between 1 and 65535",
            "limits.receive-maximum|0|must be between 1 and 65535",
            "limits.max-inflight-messages|0|must be between 1 and 65535",
            "limits.max-keep-alive|0s|must be between 1 and 65535",
            "limits.write-buffer-low-water-mark|0B|must be between 1 and",
            "session.max-expiry|4294967296s|must be between 0 and 4294967295",
            "session.max-queued-messages|-1|must be between 0 and",
            "capabilities.topic-alias-maximum|70000|must be between 0 and 65535",
            "capabilities.outbound-topic-alias-maximum|-1|must be between 0 and 65535",
            "websocket.port|-1|must be between 0 and 65535", "websocket.path|mqtt|must start with '/'",
            "flow-control.stall-timeout|0s|must be positive", "flow-control.unwritable-timeout|-1s|must be positive",
            "flow-control.memory-budget|1KB|must be between 1048576 and" })
    void invalidValueFailsStartupNamingTheProperty(String property, String value, String reason) {
        String name = "mqtt.broker." + property;
        this.runner.withPropertyValues(name + "=" + value).run((context) -> {
            assertThat(context).hasFailed();
            Throwable root = NestedExceptionUtils.getRootCause(context.getStartupFailure());
            assertThat(root).isInstanceOf(InvalidConfigurationPropertyValueException.class);
            InvalidConfigurationPropertyValueException invalid = (InvalidConfigurationPropertyValueException) root;
            assertThat(invalid.getName()).isEqualTo(name);
            assertThat(invalid.getReason()).contains(reason);
        });
    }

    @Test
    void invertedWriteBufferWatermarksNameTheHighWatermark() {
        this.runner
            .withPropertyValues("mqtt.broker.limits.write-buffer-high-water-mark=16KB",
                    "mqtt.broker.limits.write-buffer-low-water-mark=32KB")
            .run((context) -> {
                assertThat(context).hasFailed();
                Throwable root = NestedExceptionUtils.getRootCause(context.getStartupFailure());
                assertThat(root).isInstanceOf(InvalidConfigurationPropertyValueException.class);
                assertThat(((InvalidConfigurationPropertyValueException) root).getName())
                    .isEqualTo("mqtt.broker.limits.write-buffer-high-water-mark");
            });
    }

    @Test
    void invalidValueIsExplainedByAFailureAnalysisNamingPropertyAndReason() {
        this.runner.withPropertyValues("mqtt.broker.limits.max-inflight-messages=0").run((context) -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("mqtt.broker.limits.max-inflight-messages")
                .contains("must be between 1 and 65535");
        });
    }

    @Test
    void takenPortFailsStartupWithAnAnalysisNamingThePortProperty() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            this.runner.withPropertyValues("mqtt.broker.port=" + taken.getLocalPort()).run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).hasStackTraceContaining("Address already in use");
                FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
                assertThat(analysis.getCause()).isInstanceOf(PortInUseException.class);
                assertThat(analysis.getDescription()).contains(String.valueOf(taken.getLocalPort()));
                assertThat(analysis.getAction()).contains("mqtt.broker.port");
            });
        }
    }

    @Test
    void takenWebSocketPortFailsStartupWithAnAnalysisNamingTheWebSocketPortProperty() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            this.runner.withPropertyValues("mqtt.broker.websocket.port=" + taken.getLocalPort()).run((context) -> {
                assertThat(context).hasFailed();
                FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains(String.valueOf(taken.getLocalPort()));
                assertThat(analysis.getAction()).contains("mqtt.broker.websocket.port");
            });
        }
    }

    @Test
    void portInUseFailureAnalyzerIsRegistered() {
        assertThat(FailureAnalyses.analyzers()).hasAtLeastOneElementOfType(MqttBrokerPortInUseFailureAnalyzer.class);
    }

    @Test
    void authenticatorBeanDecidesWhoConnects() {
        this.runner.withBean(Authenticator.class, () -> (request) -> "alice".equals(request.username())
                ? AuthenticationResult.success() : AuthenticationResult.badCredentials())
            .run((context) -> {
                int port = context.getBean(MqttBroker.class).port();
                try (Paho3Client mallory = Paho3Client.create(port, ClientIds.unique("autoconfig-mallory"))) {
                    assertThatExceptionOfType(org.eclipse.paho.client.mqttv3.MqttException.class)
                        .isThrownBy(() -> mallory.client().connect())
                        .satisfies((ex) -> assertThat(ex.getReasonCode())
                            .isEqualTo(org.eclipse.paho.client.mqttv3.MqttException.REASON_CODE_FAILED_AUTHENTICATION));
                }
                try (Paho3Client alice = Paho3Client.create(port, ClientIds.unique("autoconfig-alice"))) {
                    alice.connect(true, (options) -> {
                        options.setUserName("alice");
                        options.setPassword("secret".toCharArray());
                    });
                    assertThat(alice.client().isConnected()).isTrue();
                }
            });
    }

    @Test
    void authorizerBeanDecidesWhatClientsMaySubscribeTo() {
        this.runner.withBean(Authorizer.class, () -> new Authorizer() {

            @Override
            public boolean maySubscribe(ClientInfo client, String topicFilter, @Nullable String shareGroup, QoS qos) {
                return !topicFilter.startsWith("secret/");
            }

        }).run((context) -> {
            int port = context.getBean(MqttBroker.class).port();
            try (Paho3Client client = Paho3Client.connected(port, ClientIds.unique("autoconfig-authz"))) {
                client.subscribe("public/#", 1);
                assertThatExceptionOfType(org.eclipse.paho.client.mqttv3.MqttException.class)
                    .isThrownBy(() -> client.client().subscribe("secret/#", 1))
                    .satisfies((ex) -> assertThat(ex.getReasonCode())
                        .isEqualTo(org.eclipse.paho.client.mqttv3.MqttException.REASON_CODE_SUBSCRIBE_FAILED));
            }
        });
    }

    @Test
    void enhancedAuthenticatorBeansAreOfferedToMqtt5Clients() {
        this.runner.withUserConfiguration(EnhancedAuthenticationConfiguration.class).run((context) -> {
            int port = context.getBean(MqttBroker.class).port();
            for (String method : List.of("TOKEN-A", "TOKEN-B")) {
                MqttConnectionOptions options = new MqttConnectionOptions();
                options.setAuthMethod(method);
                options.setAuthData("open-sesame".getBytes(StandardCharsets.UTF_8));
                try (Paho5Client client = Paho5Client.connected(port, ClientIds.unique("autoconfig-enhanced"),
                        options)) {
                    assertThat(client.client().isConnected()).isTrue();
                }
            }
            MqttConnectionOptions wrong = new MqttConnectionOptions();
            wrong.setAuthMethod("TOKEN-A");
            wrong.setAuthData("guess".getBytes(StandardCharsets.UTF_8));
            try (Paho5Client refused = Paho5Client.create(port, ClientIds.unique("autoconfig-enhanced-wrong"))) {
                assertThatExceptionOfType(org.eclipse.paho.mqttv5.common.MqttException.class)
                    .isThrownBy(() -> Paho5Client.await(refused.client().connect(wrong)))
                    .satisfies((ex) -> assertThat(ex.getReasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED.value()));
            }
            assertThat(context.getBean(EnhancedAuthenticationConfiguration.class).begun)
                .containsExactly("TOKEN-A", "TOKEN-B", "TOKEN-A");
        });
    }

    @Test
    void sessionStoreBeanKeepsPersistentSessions() {
        RecordingSessionStore store = new RecordingSessionStore();
        this.runner.withBean(SessionStore.class, () -> store).run((context) -> {
            assertThat(store.calls).contains("loadAll");
            int port = context.getBean(MqttBroker.class).port();
            String clientId;
            try (Paho3Client client = Paho3Client.create(port, ClientIds.unique("autoconfig-persistent"))) {
                client.connect(false);
                client.subscribe("persistent/#", 1);
                clientId = client.clientId();
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(store.calls).contains("save:" + clientId));
        });
    }

    @Test
    void retainedMessageStoreBeanHoldsRetainedMessages() {
        RecordingRetainedStore store = new RecordingRetainedStore();
        this.runner.withBean(RetainedMessageStore.class, () -> store).run((context) -> {
            MqttBroker broker = context.getBean(MqttBroker.class);
            broker.publish(ApplicationMessage.builder("retained/one").payload("1").retain(true).build()).join();
            assertThat(store.put).containsExactly("retained/one");
            assertThat(broker.statistics().retainedMessages()).isEqualTo(1);
        });
    }

    @Test
    void brokerListenerBeansAreCalledInOrder() {
        this.runner.withUserConfiguration(BrokerListenersConfiguration.class).run((context) -> {
            context.getBean(MqttBroker.class).publish(ApplicationMessage.of("listened/topic", "x")).join();
            assertThat(context.getBean(BrokerListenersConfiguration.class).calls)
                .containsExactly("first:listened/topic", "second:listened/topic");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnLifecycleConfiguration {

        @Bean
        OwnLifecycle ownLifecycle(MqttBroker broker, org.springframework.context.ApplicationContext context) {
            return new OwnLifecycle(broker, context);
        }

    }

    static class OwnLifecycle extends MqttBrokerLifecycle {

        OwnLifecycle(MqttBroker broker, org.springframework.context.ApplicationContext context) {
            super(broker, context);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class CustomizersConfiguration {

        final List<Integer> seenMaxQueued = new CopyOnWriteArrayList<>();

        final List<String> configOrder = new CopyOnWriteArrayList<>();

        final List<String> brokerOrder = new CopyOnWriteArrayList<>();

        final List<String> published = new CopyOnWriteArrayList<>();

        // declared before the first on purpose: the order comes from @Order, not from declaration
        @Bean
        @Order(2)
        MqttBrokerCustomizer secondCustomizer() {
            return new MqttBrokerCustomizer() {

                @Override
                public void customize(BrokerConfig.Builder config) {
                    CustomizersConfiguration.this.configOrder.add("second");
                    CustomizersConfiguration.this.seenMaxQueued.add(config.build().limits().maxQueuedMessages());
                    config.maxQueuedMessages(200);
                }

                @Override
                public void customize(MqttBroker.Builder broker) {
                    CustomizersConfiguration.this.brokerOrder.add("second");
                }

            };
        }

        @Bean
        @Order(1)
        MqttBrokerCustomizer firstCustomizer() {
            return new MqttBrokerCustomizer() {

                @Override
                public void customize(BrokerConfig.Builder config) {
                    CustomizersConfiguration.this.configOrder.add("first");
                    CustomizersConfiguration.this.seenMaxQueued.add(config.build().limits().maxQueuedMessages());
                    config.maxQueuedMessages(100);
                }

                @Override
                public void customize(MqttBroker.Builder broker) {
                    CustomizersConfiguration.this.brokerOrder.add("first");
                    broker.listener(new BrokerListener() {

                        @Override
                        public void messagePublished(ClientInfo publisher, ApplicationMessage message) {
                            CustomizersConfiguration.this.published.add(message.topic());
                        }

                    });
                }

            };
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class EnhancedAuthenticationConfiguration {

        final List<String> begun = new CopyOnWriteArrayList<>();

        @Bean
        EnhancedAuthenticator tokenA() {
            return authenticator("TOKEN-A");
        }

        @Bean
        EnhancedAuthenticator tokenB() {
            return authenticator("TOKEN-B");
        }

        private EnhancedAuthenticator authenticator(String method) {
            return new EnhancedAuthenticator() {

                @Override
                public String method() {
                    return method;
                }

                @Override
                public io.mqttspring.broker.security.AuthenticationExchange begin(
                        io.mqttspring.broker.security.AuthenticationRequest request) {
                    EnhancedAuthenticationConfiguration.this.begun.add(method);
                    return (data) -> Arrays.equals(data, "open-sesame".getBytes(StandardCharsets.UTF_8))
                            ? AuthenticationStep.success(null) : AuthenticationStep.failure(ReasonCode.NOT_AUTHORIZED);
                }

            };
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class BrokerListenersConfiguration {

        final List<String> calls = new CopyOnWriteArrayList<>();

        @Bean
        @Order(2)
        BrokerListener secondListener() {
            return listener("second");
        }

        @Bean
        @Order(1)
        BrokerListener firstListener() {
            return listener("first");
        }

        private BrokerListener listener(String name) {
            return new BrokerListener() {

                @Override
                public void messagePublished(ClientInfo publisher, ApplicationMessage message) {
                    BrokerListenersConfiguration.this.calls.add(name + ":" + message.topic());
                }

            };
        }

    }

    static class RecordingSessionStore implements SessionStore {

        final List<String> calls = new CopyOnWriteArrayList<>();

        private final InMemorySessionStore delegate = new InMemorySessionStore();

        @Override
        public void save(SessionSnapshot snapshot) {
            this.calls.add("save:" + snapshot.clientId());
            this.delegate.save(snapshot);
        }

        @Override
        public void remove(String clientId) {
            this.calls.add("remove:" + clientId);
            this.delegate.remove(clientId);
        }

        @Override
        public Collection<SessionSnapshot> loadAll() {
            this.calls.add("loadAll");
            return this.delegate.loadAll();
        }

    }

    static class RecordingRetainedStore implements RetainedMessageStore {

        final List<String> put = new CopyOnWriteArrayList<>();

        private final InMemoryRetainedMessageStore delegate = new InMemoryRetainedMessageStore();

        @Override
        public void put(RetainedMessage message) {
            this.put.add(message.message().topic());
            this.delegate.put(message);
        }

        @Override
        public void remove(String topic) {
            this.delegate.remove(topic);
        }

        @Override
        public void forEachMatching(String topicFilter, java.util.function.Consumer<RetainedMessage> consumer) {
            this.delegate.forEachMatching(topicFilter, consumer);
        }

        @Override
        public int size() {
            return this.delegate.size();
        }

    }

}
