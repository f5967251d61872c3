package io.mqttspring.broker.protocol;

import java.time.Duration;
import java.util.function.Consumer;

import io.mqttspring.broker.config.BrokerConfig;
import io.mqttspring.broker.config.Limits;
import io.mqttspring.broker.core.ProtocolVersion;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.ReasonCode;
import io.mqttspring.broker.message.UserProperty;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.will.WillMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageBuilders.ConnectBuilder;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.StringProperty;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks the broker makes on a decoded CONNECT (built with Netty's {@link MqttMessageBuilders}), and the
 * connection parameters it settles. IDs are cited with the version whose checklist they come from.
 */
class ConnectValidatorTests {

    private static ConnectValidator validator(Consumer<BrokerConfig.Builder> customizer) {
        return new ConnectValidator(BrokerExtension.testConfig(customizer), java.util.Set.of());
    }

    private static final ConnectValidator DEFAULTS = validator((config) -> {
    });

    private static ConnectBuilder connect(MqttVersion version, String clientId) {
        return MqttMessageBuilders.connect().protocolVersion(version).clientId(clientId).cleanSession(true)
                .keepAlive(60);
    }

    private static ConnectParameters accepted(ConnectDecision decision) {
        assertThat(decision).isInstanceOf(ConnectDecision.Accept.class);
        return ((ConnectDecision.Accept) decision).parameters();
    }

    private static ReasonCode refused(ConnectDecision decision) {
        assertThat(decision).isInstanceOf(ConnectDecision.Refuse.class);
        return ((ConnectDecision.Refuse) decision).reasonCode();
    }

    private static MqttProperties properties(MqttProperties.MqttProperty<?>... values) {
        MqttProperties properties = new MqttProperties();
        for (MqttProperties.MqttProperty<?> value : values) {
            properties.add(value);
        }
        return properties;
    }

    /** A CONNECT with flag combinations the builder cannot express. */
    private static MqttConnectMessage rawConnect(MqttVersion version, boolean willFlag, int willQos, boolean willRetain,
            boolean hasUser, boolean hasPassword) {
        MqttConnectVariableHeader header = new MqttConnectVariableHeader(version.protocolName(),
                version.protocolLevel(), hasUser, hasPassword, willRetain, willQos, willFlag, true, 60,
                MqttProperties.NO_PROPERTIES);
        MqttConnectPayload payload = new MqttConnectPayload("raw", MqttProperties.NO_PROPERTIES,
                willFlag ? "will/topic" : null, willFlag ? new byte[] { 1 } : null, hasUser ? "user" : null,
                hasPassword ? new byte[] { 2 } : null);
        return new MqttConnectMessage(new MqttFixedHeader(MqttMessageType.CONNECT, false, MqttQoS.AT_MOST_ONCE, false,
                0), header, payload);
    }

    // ---- accepted CONNECTs ----------------------------------------------------------------------------------

    @Test
    @DisplayName("an MQTT 3.1.1 CONNECT with clean session settles defaults: no session expiry, the client's "
            + "keep-alive")
    void mqtt311Defaults() {
        ConnectParameters parameters = accepted(DEFAULTS.validate(connect(MqttVersion.MQTT_3_1_1, "c").build()));
        assertThat(parameters.version()).isEqualTo(ProtocolVersion.MQTT_3_1_1);
        assertThat(parameters.clientId()).isEqualTo("c");
        assertThat(parameters.clientIdAssigned()).isFalse();
        assertThat(parameters.cleanStart()).isTrue();
        assertThat(parameters.sessionExpiry()).isZero();
        assertThat(parameters.sessionExpiryReduced()).isFalse();
        assertThat(parameters.keepAlive()).isEqualTo(60);
        assertThat(parameters.serverKeepAlive()).isFalse();
        assertThat(parameters.will()).isNull();
        assertThat(parameters.receiveMaximum()).isEqualTo(65_535);
        assertThat(parameters.maximumPacketSize()).isEqualTo(Limits.PROTOCOL_MAX_PACKET_SIZE);
        assertThat(parameters.topicAliasMaximum()).isZero();
        assertThat(parameters.requestProblemInformation()).isTrue();
        assertThat(parameters.requestResponseInformation()).isFalse();
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-3.1.2-4]: clean session 0 keeps the session up to the configured maximum, 7 days "
            + "by default, for ever when configured")
    void mqtt311PersistentSession() {
        assertThat(accepted(DEFAULTS.validate(connect(MqttVersion.MQTT_3_1_1, "c").cleanSession(false).build()))
                .sessionExpiry()).isEqualTo(604_800);
        assertThat(accepted(validator((config) -> config.maxSessionExpiry(Duration.ofSeconds(
                Limits.MAX_FOUR_BYTE_INTEGER))).validate(connect(MqttVersion.MQTT_3_1_1, "c").cleanSession(false)
                    .build())).sessionExpiry()).isEqualTo(Limits.MAX_FOUR_BYTE_INTEGER);
        ConnectParameters capped = accepted(validator((config) -> config.maxSessionExpiry(Duration.ofMinutes(1)))
                .validate(connect(MqttVersion.MQTT_3_1_1, "c").cleanSession(false).build()));
        assertThat(capped.sessionExpiry()).isEqualTo(60);
        assertThat(capped.sessionExpiryReduced()).as("3.1.1 clients are not told").isFalse();
    }

    @Test
    @DisplayName("MQTT 3.1 (level 3, MQIsdp) is accepted as its own version")
    void mqtt31() {
        assertThat(accepted(DEFAULTS.validate(connect(MqttVersion.MQTT_3_1, "old").build())).version())
                .isEqualTo(ProtocolVersion.MQTT_3_1);
    }

    @ParameterizedTest(name = "requested {0} s, maximum {1} s -> {2} s, reduced {3}")
    @CsvSource({ "0, 60, 0, false", "30, 60, 30, false", "120, 60, 60, true", "4294967295, 60, 60, true",
            "4294967295, 4294967295, 4294967295, false" })
    @DisplayName("MQTT 5 section 3.2.2.3.2: the Session Expiry Interval is capped at the maximum, and the client told")
    void mqtt5SessionExpiry(long requested, long maximum, long granted, boolean reduced) {
        ConnectParameters parameters = accepted(validator((config) -> config.maxSessionExpiry(
                Duration.ofSeconds(maximum))).validate(connect(MqttVersion.MQTT_5, "c")
                        .properties(properties(new IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL,
                                (int) requested)))
                        .build()));
        assertThat(parameters.sessionExpiry()).isEqualTo(granted);
        assertThat(parameters.sessionExpiryReduced()).isEqualTo(reduced);
    }

    @Test
    @DisplayName("MQTT 5 section 3.1.2.11.2: no Session Expiry Interval means the session ends with the connection")
    void mqtt5NoSessionExpiry() {
        ConnectParameters parameters = accepted(
                DEFAULTS.validate(connect(MqttVersion.MQTT_5, "c").cleanSession(false).build()));
        assertThat(parameters.sessionExpiry()).isZero();
        assertThat(parameters.cleanStart()).isFalse();
    }

    @ParameterizedTest(name = "requested {0} s, maximum {1} s -> {2} s, Server Keep Alive {3}")
    @CsvSource({ "60, 65535, 60, false", "0, 65535, 0, false", "20, 30, 20, false", "30, 30, 30, false",
            "31, 30, 30, true", "0, 30, 30, true", "65535, 30, 30, true" })
    @DisplayName("MQTT 5 [MQTT-3.2.2-22] section 3.2.2.3.14: a keep-alive above the maximum, or 0, is replaced by "
            + "Server Keep Alive")
    void mqtt5KeepAlive(int requested, int maximum, int granted, boolean serverKeepAlive) {
        ConnectParameters parameters = accepted(validator((config) -> config.maxKeepAlive(Duration.ofSeconds(maximum)))
                .validate(connect(MqttVersion.MQTT_5, "c").keepAlive(requested).build()));
        assertThat(parameters.keepAlive()).isEqualTo(granted);
        assertThat(parameters.serverKeepAlive()).isEqualTo(serverKeepAlive);
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-3.1.2-24]: 3.1.1 has no Server Keep Alive, so the client's keep-alive stands")
    void mqtt311KeepAliveIsNotCapped() {
        ConnectParameters parameters = accepted(validator((config) -> config.maxKeepAlive(Duration.ofSeconds(30)))
                .validate(connect(MqttVersion.MQTT_3_1_1, "c").keepAlive(100).build()));
        assertThat(parameters.keepAlive()).isEqualTo(100);
        assertThat(parameters.serverKeepAlive()).isFalse();
    }

    @Test
    @DisplayName("MQTT 5 section 3.1.2.11: the client's Receive Maximum, Maximum Packet Size, Topic Alias Maximum and "
            + "requests are read")
    void mqtt5ClientLimits() {
        ConnectParameters parameters = accepted(DEFAULTS.validate(connect(MqttVersion.MQTT_5, "c")
                .properties(properties(new IntegerProperty(MqttProperties.RECEIVE_MAXIMUM, 10),
                        new IntegerProperty(MqttProperties.MAXIMUM_PACKET_SIZE, 1000),
                        new IntegerProperty(MqttProperties.TOPIC_ALIAS_MAXIMUM, 5),
                        new IntegerProperty(MqttProperties.REQUEST_PROBLEM_INFORMATION, 0),
                        new IntegerProperty(MqttProperties.REQUEST_RESPONSE_INFORMATION, 1)))
                .build()));
        assertThat(parameters.receiveMaximum()).isEqualTo(10);
        assertThat(parameters.maximumPacketSize()).isEqualTo(1000);
        assertThat(parameters.topicAliasMaximum()).isEqualTo(5);
        assertThat(parameters.requestProblemInformation()).isFalse();
        assertThat(parameters.requestResponseInformation()).isTrue();
    }

    @Test
    @DisplayName("MQTT 5 section 3.1.2.11.4: a Maximum Packet Size above 2^31 is read as unsigned")
    void mqtt5LargeMaximumPacketSize() {
        ConnectParameters parameters = accepted(DEFAULTS.validate(connect(MqttVersion.MQTT_5, "c")
                .properties(properties(new IntegerProperty(MqttProperties.MAXIMUM_PACKET_SIZE, 0xF000_0000)))
                .build()));
        assertThat(parameters.maximumPacketSize()).isEqualTo(0xF000_0000L);
    }

    @Test
    @DisplayName("user name and password are passed on")
    void credentials() {
        ConnectParameters parameters = accepted(DEFAULTS.validate(connect(MqttVersion.MQTT_3_1_1, "c")
                .username("alice").password(new byte[] { 1, 2 }).build()));
        assertThat(parameters.username()).isEqualTo("alice");
        assertThat(parameters.password()).containsExactly(1, 2);
    }

    @Test
    @DisplayName("MQTT 5 section 3.1.2.9: a password without a user name is allowed in MQTT 5")
    void mqtt5PasswordWithoutUserName() {
        ConnectParameters parameters = accepted(DEFAULTS.validate(connect(MqttVersion.MQTT_5, "c")
                .password(new byte[] { 7 }).build()));
        assertThat(parameters.username()).isNull();
        assertThat(parameters.password()).containsExactly(7);
    }

    // ---- client identifiers ---------------------------------------------------------------------------------

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-3.1.3-6]: an empty client identifier with clean session gets a generated one")
    void mqtt311EmptyClientIdIsAssigned() {
        ConnectParameters parameters = accepted(DEFAULTS.validate(connect(MqttVersion.MQTT_3_1_1, "").build()));
        assertThat(parameters.clientId()).startsWith("auto-");
        assertThat(parameters.clientIdAssigned()).isTrue();
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-3.1.3-8]: an empty client identifier without clean session is rejected (0x02)")
    void mqtt311EmptyClientIdWithoutCleanSession() {
        ReasonCode code = refused(DEFAULTS.validate(connect(MqttVersion.MQTT_3_1_1, "").cleanSession(false).build()));
        assertThat(code).isEqualTo(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID);
        assertThat(code.mqtt311ConnectReturnCode()).isEqualTo(0x02);
    }

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    @DisplayName("MQTT 5 [MQTT-3.1.3-6] [MQTT-3.1.3-7]: an empty client identifier always gets a unique generated one")
    void mqtt5EmptyClientIdIsAssigned(boolean cleanStart) {
        ConnectParameters first = accepted(DEFAULTS.validate(connect(MqttVersion.MQTT_5, "").cleanSession(cleanStart)
                .build()));
        ConnectParameters second = accepted(DEFAULTS.validate(connect(MqttVersion.MQTT_5, "").build()));
        assertThat(first.clientId()).startsWith("auto-");
        assertThat(first.clientIdAssigned()).isTrue();
        assertThat(first.clientId()).isNotEqualTo(second.clientId());
    }

    @ParameterizedTest
    @EnumSource(value = MqttVersion.class, names = { "MQTT_3_1_1", "MQTT_5" })
    @DisplayName("client identifiers starting with $inproc/ are reserved for in-process subscribers")
    void reservedPrefixIsRefused(MqttVersion version) {
        assertThat(refused(DEFAULTS.validate(connect(version, "$inproc/x").build())))
                .isEqualTo(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID);
        assertThat(accepted(DEFAULTS.validate(connect(version, "inproc/x").build())).clientId()).isEqualTo("inproc/x");
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.1.3-5] [MQTT-3.1.3-8]: identifiers up to the configured length pass, longer ones are "
            + "rejected")
    void clientIdLength() {
        ConnectValidator validator = validator((config) -> config.maxClientIdLength(23));
        assertThat(accepted(validator.validate(connect(MqttVersion.MQTT_5, "a".repeat(23)).build())).clientId())
                .hasSize(23);
        assertThat(refused(validator.validate(connect(MqttVersion.MQTT_5, "a".repeat(24)).build())))
                .isEqualTo(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID);
    }

    // ---- flags ----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = MqttVersion.class, names = { "MQTT_3_1_1", "MQTT_5" })
    @DisplayName("3.1.1 [MQTT-3.1.2-13], 5 [MQTT-3.1.2-11]: Will QoS without Will Flag is malformed")
    void willQosWithoutWillFlag(MqttVersion version) {
        assertThat(refused(DEFAULTS.validate(rawConnect(version, false, 1, false, false, false))))
                .isEqualTo(ReasonCode.MALFORMED_PACKET);
    }

    @ParameterizedTest
    @EnumSource(value = MqttVersion.class, names = { "MQTT_3_1_1", "MQTT_5" })
    @DisplayName("3.1.1 [MQTT-3.1.2-15], 5 [MQTT-3.1.2-13]: Will Retain without Will Flag is malformed")
    void willRetainWithoutWillFlag(MqttVersion version) {
        assertThat(refused(DEFAULTS.validate(rawConnect(version, false, 0, true, false, false))))
                .isEqualTo(ReasonCode.MALFORMED_PACKET);
    }

    @ParameterizedTest
    @EnumSource(value = MqttVersion.class, names = { "MQTT_3_1_1", "MQTT_5" })
    @DisplayName("3.1.1 [MQTT-3.1.2-14], 5 [MQTT-3.1.2-12]: Will QoS 3 is malformed")
    void willQosThree(MqttVersion version) {
        assertThat(refused(DEFAULTS.validate(rawConnect(version, true, 3, false, false, false))))
                .isEqualTo(ReasonCode.MALFORMED_PACKET);
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-3.1.2-22]: a password without a user name is malformed in 3.1.1")
    void mqtt311PasswordWithoutUserName() {
        ReasonCode code = refused(DEFAULTS.validate(rawConnect(MqttVersion.MQTT_3_1_1, false, 0, false, false, true)));
        assertThat(code).isEqualTo(ReasonCode.MALFORMED_PACKET);
        assertThat(code.mqtt311ConnectReturnCode()).as("no CONNACK, [MQTT-3.1.4-1]").isEqualTo(-1);
    }

    // ---- MQTT 5 properties ----------------------------------------------------------------------------------

    @ParameterizedTest(name = "property {0} = {1}")
    @CsvSource({ "33, 0", "39, 0", "23, 2", "25, 2" })
    @DisplayName("MQTT 5 section 3.1.2.11: Receive Maximum 0, Maximum Packet Size 0 or a request flag above 1 is a "
            + "Protocol Error")
    void invalidPropertyValues(int property, int value) {
        assertThat(refused(DEFAULTS.validate(connect(MqttVersion.MQTT_5, "c")
                .properties(properties(new IntegerProperty(property, value))).build())))
                .isEqualTo(ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-4.12.0-1]: an Authentication Method the broker does not support gets 0x8C")
    void unsupportedAuthenticationMethod() {
        assertThat(refused(DEFAULTS.validate(connect(MqttVersion.MQTT_5, "c")
                .properties(properties(new StringProperty(MqttProperties.AUTHENTICATION_METHOD, "SCRAM-SHA-1")))
                .build()))).isEqualTo(ReasonCode.BAD_AUTHENTICATION_METHOD);
    }

    // ---- wills ----------------------------------------------------------------------------------------------

    @Test
    @DisplayName("MQTT 5 [MQTT-3.1.2-7] [MQTT-3.1.3-10]: the will keeps topic, payload, QoS, retain, properties and "
            + "delay")
    void mqtt5Will() {
        MqttProperties willProperties = properties(new IntegerProperty(MqttProperties.WILL_DELAY_INTERVAL, 30),
                new StringProperty(MqttProperties.CONTENT_TYPE, "text/plain"),
                new MqttProperties.UserProperty("b", "2"), new MqttProperties.UserProperty("a", "1"));
        ConnectParameters parameters = accepted(DEFAULTS.validate(connect(MqttVersion.MQTT_5, "c").willFlag(true)
                .willTopic("last/words").willMessage(new byte[] { 'b', 'y', 'e' }).willQoS(MqttQoS.EXACTLY_ONCE)
                .willRetain(true).willProperties(willProperties).build()));
        WillMessage will = parameters.will();
        assertThat(will).isNotNull();
        assertThat(will.delayInterval()).isEqualTo(30);
        assertThat(will.message().topic()).isEqualTo("last/words");
        assertThat(will.message().payloadAsString()).isEqualTo("bye");
        assertThat(will.message().qos()).isEqualTo(QoS.EXACTLY_ONCE);
        assertThat(will.message().retain()).isTrue();
        assertThat(will.message().properties().contentType()).isEqualTo("text/plain");
        assertThat(will.message().properties().userProperties()).containsExactly(new UserProperty("b", "2"),
                new UserProperty("a", "1"));
    }

    @ParameterizedTest
    @EnumSource(value = MqttVersion.class, names = { "MQTT_3_1_1", "MQTT_5" })
    @DisplayName("MQTT 5 section 3.1.3.3: a will topic with a wildcard is refused (3.1.1: malformed, 5: 0x90)")
    void willTopicWithWildcard(MqttVersion version) {
        ReasonCode code = refused(DEFAULTS.validate(connect(version, "c").willFlag(true).willTopic("a/+")
                .willMessage(new byte[] { 1 }).build()));
        assertThat(code).isEqualTo((version == MqttVersion.MQTT_5) ? ReasonCode.TOPIC_NAME_INVALID
                : ReasonCode.MALFORMED_PACKET);
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-1.5.4-3]: a well-formed U+FFFD or U+FEFF in a client identifier is kept")
    void replacementCharacterIsAcceptedWhenWellFormed() {
        assertThat(accepted(DEFAULTS.validate(connect(MqttVersion.MQTT_5, "a\uFFFD\uFEFF").build())).clientId())
                .isEqualTo("a\uFFFD\uFEFF");
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.2.2-12]: a Will QoS above the Maximum QoS is refused with 0x9B")
    void mqtt5WillQosAboveMaximum() {
        ConnectValidator validator = validator((config) -> config.maximumQos(QoS.AT_LEAST_ONCE));
        assertThat(refused(validator.validate(connect(MqttVersion.MQTT_5, "c").willFlag(true).willTopic("w")
                .willMessage(new byte[] { 1 }).willQoS(MqttQoS.EXACTLY_ONCE).build())))
                .isEqualTo(ReasonCode.QOS_NOT_SUPPORTED);
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.2.2-13]: Will Retain without retained message support is refused with 0x9A")
    void mqtt5WillRetainWithoutRetainSupport() {
        ConnectValidator validator = validator((config) -> config.retainAvailable(false));
        assertThat(refused(validator.validate(connect(MqttVersion.MQTT_5, "c").willFlag(true).willTopic("w")
                .willMessage(new byte[] { 1 }).willRetain(true).build())))
                .isEqualTo(ReasonCode.RETAIN_NOT_SUPPORTED);
    }

    @Test
    @DisplayName("MQTT 3.1.1: a will above the broker's capabilities is accepted, downgraded and not retained")
    void mqtt311WillIsDowngraded() {
        ConnectValidator validator = validator((config) -> config.maximumQos(QoS.AT_LEAST_ONCE)
                .retainAvailable(false));
        WillMessage will = accepted(validator.validate(connect(MqttVersion.MQTT_3_1_1, "c").willFlag(true)
                .willTopic("w").willMessage(new byte[] { 1 }).willQoS(MqttQoS.EXACTLY_ONCE).willRetain(true)
                .build())).will();
        assertThat(will.message().qos()).isEqualTo(QoS.AT_LEAST_ONCE);
        assertThat(will.message().retain()).isFalse();
        assertThat(will.delayInterval()).isZero();
    }

    @ParameterizedTest(name = "level {0} -> {1}")
    @CsvSource({ "3, MQTT_3_1", "4, MQTT_3_1_1", "5, MQTT_5" })
    @DisplayName("protocol levels map to versions")
    void versionOf(int level, ProtocolVersion version) {
        assertThat(ConnectValidator.versionOf(level)).isEqualTo(version);
    }

}
