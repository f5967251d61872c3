package io.mqttspring.broker.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.mqttspring.broker.core.MqttBrokerException;
import io.mqttspring.broker.message.QoS;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Defaults of every setting and the range checks that name the rejected setting.
 */
class BrokerConfigTests {

    @Test
    @DisplayName("every setting has its documented default")
    void defaults() {
        BrokerConfig config = BrokerConfig.defaults();
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(1883);
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
        assertThat(limits.maxQueuedMessages()).isEqualTo(1000);
        assertThat(limits.queueOverflowPolicy()).isEqualTo(QueueOverflowPolicy.DROP_NEWEST);
        assertThat(limits.maxSessionExpiry()).isEqualTo(Duration.ofDays(7));
        assertThat(limits.maxSessionExpirySeconds()).isEqualTo(604_800);
        assertThat(config.quotas()).isEqualTo(Quotas.DEFAULTS);
        assertThat(config.anonymousAccess()).isEqualTo(AnonymousAccess.LOOPBACK_ONLY);
        assertThat(limits.maxKeepAlive()).isEqualTo(Duration.ofSeconds(65_535));
        assertThat(limits.writeBufferHighWaterMark()).isEqualTo(64 * 1024);
        assertThat(limits.writeBufferLowWaterMark()).isEqualTo(32 * 1024);
        Capabilities capabilities = config.capabilities();
        assertThat(capabilities.maximumQos()).isEqualTo(QoS.EXACTLY_ONCE);
        assertThat(capabilities.retainAvailable()).isTrue();
        assertThat(capabilities.wildcardSubscriptionsAvailable()).isTrue();
        assertThat(capabilities.subscriptionIdentifiersAvailable()).isTrue();
        assertThat(capabilities.sharedSubscriptionsAvailable()).isTrue();
        assertThat(capabilities.topicAliasMaximum()).isEqualTo(10);
        assertThat(capabilities.responseInformation()).isNull();
        FlowControl flowControl = config.flowControl();
        assertThat(flowControl.stallTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(flowControl.stallPolicy()).isEqualTo(StallPolicy.OVERFLOW);
        assertThat(flowControl.unwritableTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(flowControl.memoryBudget()).isEqualTo(Runtime.getRuntime().maxMemory() / 4);
    }

    @Test
    @DisplayName("the builder applies every setting")
    void builderAppliesEverySetting() {
        TlsConfig tls = TlsConfig.of(TlsCredentials.pem(Path.of("server.crt"), Path.of("server.key"), null, null));
        BrokerConfig config = BrokerConfig.builder().host("127.0.0.1").port(1884).ioThreads(3).nativeTransport(false)
                .connectTimeout(Duration.ofSeconds(2)).sysInterval(Duration.ZERO)
                .shutdownTimeout(Duration.ofMillis(100)).maxPacketSize(2048).maxClientIdLength(100)
                .maxTopicLevels(8).receiveMaximum(10).maxInflightMessages(5).maxQueuedMessages(7).maxQueuedBytes(4096)
                .queueOverflowPolicy(QueueOverflowPolicy.DROP_OLDEST).maxSessionExpiry(Duration.ofMinutes(1))
                .maxKeepAlive(Duration.ofSeconds(30)).writeBufferHighWaterMark(2000).writeBufferLowWaterMark(1000)
                .maximumQos(QoS.AT_LEAST_ONCE).retainAvailable(false).wildcardSubscriptionsAvailable(false)
                .subscriptionIdentifiersAvailable(false).sharedSubscriptionsAvailable(false).topicAliasMaximum(0)
                .responseInformation("responses/").stallTimeout(Duration.ofSeconds(3))
                .stallPolicy(StallPolicy.DISCONNECT).unwritableTimeout(Duration.ofSeconds(4)).memoryBudget(5_000_000)
                .tcpEnabled(false).tls(tls).tlsPort(8884).anonymousAccess(AnonymousAccess.REFUSED)
                .webSocketAllowedOrigins(List.of("https://app.example")).maxConnections(1).maxConnectionsPerAddress(2)
                .connectRatePerAddress(3).maxSubscriptionsPerClient(4).maxRetainedMessages(5).maxRetainedBytes(6)
                .maxRetainedMessageSize(7).publishRatePerClient(8).bandwidthPerClient(9).slowFailedLogins(false)
                .persistencePath(Path.of("data")).syncPolicy(SyncPolicy.PERIODIC).syncInterval(Duration.ofSeconds(5))
                .clusterEnabled(true).clusterName("plant").clusterHost("127.0.0.1").clusterPort(5801)
                .clusterMembers(List.of("127.0.0.1:5802"))
                .build();
        assertThat(config).isEqualTo(new BrokerConfig("127.0.0.1", 1884, 3, false, Duration.ofSeconds(2),
                Duration.ZERO, Duration.ofMillis(100),
                new Limits(2048, 100, 8, 10, 5, 7, QueueOverflowPolicy.DROP_OLDEST, Duration.ofMinutes(1),
                        Duration.ofSeconds(30), 2000, 1000, 4096),
                new Capabilities(QoS.AT_LEAST_ONCE, false, false, false, false, SharedSubscriptionStrategy.ROUND_ROBIN,
                        0, 0, "responses/", false),
                new WebSocketConfig(false, "127.0.0.1", 8083, "/mqtt", List.of("https://app.example")),
                new FlowControl(Duration.ofSeconds(3), StallPolicy.DISCONNECT, Duration.ofSeconds(4), 5_000_000),
                false, new TlsListeners(tls, "127.0.0.1", 8884, null, "127.0.0.1", 8084), AnonymousAccess.REFUSED,
                new Quotas(1, 2, 3, 4, 5, 6, 7, 8, 9, false),
                new Persistence(Path.of("data"), SyncPolicy.PERIODIC, Duration.ofSeconds(5)),
                new ClusterConfig(true, "plant", "127.0.0.1", 5801, List.of("127.0.0.1:5802"))));
        assertThat(config.listeners()).extracting(ListenerConfig::name).containsExactly("mqtts");
    }

    static Stream<Arguments> outOfRange() {
        return Stream.of(
                invalid("host", "", (b) -> b.host("")),
                invalid("host", "blank", (b) -> b.host("  ")),
                invalid("port", -1, (b) -> b.port(-1)),
                invalid("tlsPort", 70_000, (b) -> b.tlsPort(70_000)),
                invalid("maxConnections", -1, (b) -> b.maxConnections(-1)),
                invalid("maxRetainedBytes", -1, (b) -> b.maxRetainedBytes(-1)),
                invalid("tcpEnabled", false, (b) -> b.tcpEnabled(false)),
                invalid("secureWebSocketEnabled", true, (b) -> b.secureWebSocketEnabled(true)),
                invalid("port", 65_536, (b) -> b.port(65_536)),
                invalid("ioThreads", -1, (b) -> b.ioThreads(-1)),
                invalid("stallTimeout", "0", (b) -> b.stallTimeout(Duration.ZERO)),
                invalid("unwritableTimeout", "-1s", (b) -> b.unwritableTimeout(Duration.ofSeconds(-1))),
                invalid("memoryBudget", 1000, (b) -> b.memoryBudget(1000)),
                invalid("ioThreads", 1025, (b) -> b.ioThreads(1025)),
                invalid("connectTimeout", "0", (b) -> b.connectTimeout(Duration.ZERO)),
                invalid("connectTimeout", "-1s", (b) -> b.connectTimeout(Duration.ofSeconds(-1))),
                invalid("sysInterval", "-1ms", (b) -> b.sysInterval(Duration.ofMillis(-1))),
                invalid("shutdownTimeout", "-1ms", (b) -> b.shutdownTimeout(Duration.ofMillis(-1))),
                invalid("maxPacketSize", 15, (b) -> b.maxPacketSize(15)),
                invalid("maxPacketSize", Limits.PROTOCOL_MAX_PACKET_SIZE + 1,
                        (b) -> b.maxPacketSize(Limits.PROTOCOL_MAX_PACKET_SIZE + 1)),
                invalid("maxClientIdLength", 22, (b) -> b.maxClientIdLength(22)),
                invalid("maxClientIdLength", 65_536, (b) -> b.maxClientIdLength(65_536)),
                invalid("maxTopicLevels", 0, (b) -> b.maxTopicLevels(0)),
                invalid("maxTopicLevels", 65_536, (b) -> b.maxTopicLevels(65_536)),
                invalid("receiveMaximum", 0, (b) -> b.receiveMaximum(0)),
                invalid("receiveMaximum", 65_536, (b) -> b.receiveMaximum(65_536)),
                invalid("maxInflightMessages", 0, (b) -> b.maxInflightMessages(0)),
                invalid("maxInflightMessages", 65_536, (b) -> b.maxInflightMessages(65_536)),
                invalid("maxQueuedMessages", -1, (b) -> b.maxQueuedMessages(-1)),
                invalid("maxSessionExpiry", "-1s", (b) -> b.maxSessionExpiry(Duration.ofSeconds(-1))),
                invalid("maxSessionExpiry", "2^32 s", (b) -> b.maxSessionExpiry(Duration.ofSeconds(4_294_967_296L))),
                invalid("maxKeepAlive", "0", (b) -> b.maxKeepAlive(Duration.ZERO)),
                invalid("maxKeepAlive", "500ms", (b) -> b.maxKeepAlive(Duration.ofMillis(500))),
                invalid("maxKeepAlive", "65536s", (b) -> b.maxKeepAlive(Duration.ofSeconds(65_536))),
                invalid("writeBufferLowWaterMark", 0, (b) -> b.writeBufferLowWaterMark(0)),
                invalid("writeBufferHighWaterMark", "below low",
                        (b) -> b.writeBufferLowWaterMark(1000).writeBufferHighWaterMark(999)),
                invalid("topicAliasMaximum", -1, (b) -> b.topicAliasMaximum(-1)),
                invalid("topicAliasMaximum", 65_536, (b) -> b.topicAliasMaximum(65_536)));
    }

    private static Arguments invalid(String setting, Object value, Consumer<BrokerConfig.Builder> customizer) {
        return Arguments.of(setting, value, customizer);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("outOfRange")
    @DisplayName("a value out of range fails with an InvalidConfigurationException naming the setting")
    void rejectsOutOfRangeValues(String setting, Object value, Consumer<BrokerConfig.Builder> customizer) {
        BrokerConfig.Builder builder = BrokerConfig.builder();
        customizer.accept(builder);
        assertThatExceptionOfType(InvalidConfigurationException.class).isThrownBy(builder::build)
                .isInstanceOf(MqttBrokerException.class)
                .withMessageStartingWith(setting + " ")
                .satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo(setting));
    }

    static Stream<Arguments> boundaries() {
        return Stream.of(
                valid("port", 0, (b) -> b.port(0)),
                valid("port", 65_535, (b) -> b.port(65_535)),
                valid("ioThreads", 1024, (b) -> b.ioThreads(1024)),
                valid("connectTimeout", "1ms", (b) -> b.connectTimeout(Duration.ofMillis(1))),
                valid("sysInterval", "0", (b) -> b.sysInterval(Duration.ZERO)),
                valid("shutdownTimeout", "0", (b) -> b.shutdownTimeout(Duration.ZERO)),
                valid("maxPacketSize", 16, (b) -> b.maxPacketSize(16)),
                valid("maxPacketSize", Limits.PROTOCOL_MAX_PACKET_SIZE,
                        (b) -> b.maxPacketSize(Limits.PROTOCOL_MAX_PACKET_SIZE)),
                valid("maxClientIdLength", 23, (b) -> b.maxClientIdLength(23)),
                valid("maxTopicLevels", 1, (b) -> b.maxTopicLevels(1)),
                valid("receiveMaximum", 1, (b) -> b.receiveMaximum(1)),
                valid("maxInflightMessages", 1, (b) -> b.maxInflightMessages(1)),
                valid("maxQueuedMessages", 0, (b) -> b.maxQueuedMessages(0)),
                valid("maxQueuedMessages", Integer.MAX_VALUE, (b) -> b.maxQueuedMessages(Integer.MAX_VALUE)),
                valid("maxSessionExpiry", "0", (b) -> b.maxSessionExpiry(Duration.ZERO)),
                valid("maxKeepAlive", "1s", (b) -> b.maxKeepAlive(Duration.ofSeconds(1))),
                valid("writeBufferHighWaterMark", "= low",
                        (b) -> b.writeBufferLowWaterMark(1).writeBufferHighWaterMark(1)),
                valid("topicAliasMaximum", 0, (b) -> b.topicAliasMaximum(0)),
                valid("topicAliasMaximum", 65_535, (b) -> b.topicAliasMaximum(65_535)));
    }

    private static Arguments valid(String setting, Object value, Consumer<BrokerConfig.Builder> customizer) {
        return Arguments.of(setting, value, customizer);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("boundaries")
    @DisplayName("values at the ends of each range are accepted")
    void acceptsBoundaryValues(String setting, Object value, Consumer<BrokerConfig.Builder> customizer) {
        BrokerConfig.Builder builder = BrokerConfig.builder();
        customizer.accept(builder);
        assertThatNoException().isThrownBy(builder::build);
    }

    @Test
    @DisplayName("the exception carries the rejected value")
    void exceptionCarriesValue() {
        assertThatExceptionOfType(InvalidConfigurationException.class)
                .isThrownBy(() -> BrokerConfig.builder().port(70_000).build())
                .satisfies((ex) -> assertThat(ex.getValue()).isEqualTo(70_000L))
                .withMessageContaining("70000");
    }

    @Test
    @DisplayName("null settings are refused")
    void rejectsNulls() {
        assertThatNullPointerException().isThrownBy(() -> BrokerConfig.builder().host(null).build());
        assertThatNullPointerException().isThrownBy(() -> BrokerConfig.builder().connectTimeout(null).build());
        assertThatNullPointerException()
                .isThrownBy(() -> BrokerConfig.builder().queueOverflowPolicy(null).build());
        assertThatNullPointerException().isThrownBy(() -> BrokerConfig.builder().maximumQos(null).build());
    }

}
