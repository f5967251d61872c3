package io.mqttspring.broker.standalone;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;

import io.mqttspring.broker.config.BrokerConfig;
import io.mqttspring.broker.config.ClusterConfig;
import io.mqttspring.broker.config.QueueOverflowPolicy;
import io.mqttspring.broker.config.SyncPolicy;
import io.mqttspring.broker.message.QoS;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Command-line parsing of the standalone launcher.
 */
class StandaloneBrokerTests {

    @Test
    @DisplayName("no arguments give the default configuration")
    void noArguments() {
        assertThat(StandaloneBroker.parse(new String[0])).isEqualTo(BrokerConfig.defaults());
    }

    static Stream<Arguments> options() {
        return Stream.of(
                option("--host", "127.0.0.1", BrokerConfig::host, "127.0.0.1"),
                option("--port", "1884", BrokerConfig::port, 1884),
                option("--port", "0", BrokerConfig::port, 0),
                option("--max-packet-size", "2048", (c) -> c.limits().maxPacketSize(), 2048),
                option("--max-inflight", "5", (c) -> c.limits().maxInflightMessages(), 5),
                option("--max-queued", "7", (c) -> c.limits().maxQueuedMessages(), 7),
                option("--queue-overflow", "drop-oldest", (c) -> c.limits().queueOverflowPolicy(),
                        QueueOverflowPolicy.DROP_OLDEST),
                option("--queue-overflow", "DROP_NEWEST", (c) -> c.limits().queueOverflowPolicy(),
                        QueueOverflowPolicy.DROP_NEWEST),
                option("--receive-maximum", "10", (c) -> c.limits().receiveMaximum(), 10),
                option("--max-session-expiry", "60", (c) -> c.limits().maxSessionExpiry(), Duration.ofSeconds(60)),
                option("--max-keep-alive", "30", (c) -> c.limits().maxKeepAlive(), Duration.ofSeconds(30)),
                option("--connect-timeout", "3", BrokerConfig::connectTimeout, Duration.ofSeconds(3)),
                option("--maximum-qos", "1", (c) -> c.capabilities().maximumQos(), QoS.AT_LEAST_ONCE),
                option("--topic-alias-maximum", "4", (c) -> c.capabilities().topicAliasMaximum(), 4),
                option("--sys-interval", "0", BrokerConfig::sysInterval, Duration.ZERO),
                option("--sys-interval", "30", BrokerConfig::sysInterval, Duration.ofSeconds(30)),
                option("--io-threads", "2", BrokerConfig::ioThreads, 2),
                option("--data-dir", "data", (c) -> c.persistence().path(), Path.of("data")),
                option("--sync-policy", "periodic", (c) -> c.persistence().syncPolicy(), SyncPolicy.PERIODIC),
                option("--sync-interval", "250", (c) -> c.persistence().syncInterval(), Duration.ofMillis(250)),
                option("--cluster-port", "5801", (c) -> c.cluster(),
                        new ClusterConfig(true, "mqtt", null, 5801, List.of())),
                option("--cluster-members", "10.0.0.2:5701,10.0.0.3", (c) -> c.cluster().members(),
                        List.of("10.0.0.2:5701", "10.0.0.3")),
                option("--cluster-host", "10.0.0.1", (c) -> c.cluster().host(), "10.0.0.1"),
                option("--cluster-name", "plant", (c) -> c.cluster().clusterName(), "plant"));
    }

    private static Arguments option(String name, String value, Function<BrokerConfig, Object> setting,
            Object expected) {
        return Arguments.of(name, value, setting, expected);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("options")
    @DisplayName("every option sets its setting, as '--option value' and as '--option=value'")
    void optionsMapToSettings(String name, String value, Function<BrokerConfig, Object> setting, Object expected) {
        assertThat(setting.apply(StandaloneBroker.parse(new String[] { name, value }))).isEqualTo(expected);
        assertThat(setting.apply(StandaloneBroker.parse(new String[] { name + "=" + value }))).isEqualTo(expected);
    }

    @Test
    @DisplayName("Netty's JFR buffer events are off unless the command line asks for them")
    void nettyJfrOffUnlessAsked() {
        Properties unset = new Properties();
        StandaloneBroker.nettyJfrOffUnlessAsked(unset);
        assertThat(unset.getProperty("io.netty.jfr.enabled")).isEqualTo("false");
        Properties asked = new Properties();
        asked.setProperty("io.netty.jfr.enabled", "true");
        StandaloneBroker.nettyJfrOffUnlessAsked(asked);
        assertThat(asked.getProperty("io.netty.jfr.enabled")).isEqualTo("true");
    }

    @Test
    @DisplayName("options combine, and a later one wins")
    void optionsCombine() {
        BrokerConfig config = StandaloneBroker.parse(
                new String[] { "--host", "127.0.0.1", "--port=1900", "--max-inflight", "3", "--port", "1901" });
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(1901);
        assertThat(config.limits().maxInflightMessages()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = { "--help", "-h" })
    @DisplayName("--help and -h ask for the usage text instead of a configuration")
    void help(String flag) {
        for (String[] args : new String[][] { { flag }, { "--port", "1884", flag } }) {
            Throwable thrown = catchThrowable(() -> StandaloneBroker.parse(args));
            assertThat(thrown).isNotNull().isNotInstanceOf(IllegalArgumentException.class);
            assertThat(thrown.getClass().getSimpleName()).isEqualTo("HelpRequested");
        }
    }

    @Test
    @DisplayName("an unknown option is refused, naming it")
    void unknownOption() {
        assertThatIllegalArgumentException().isThrownBy(() -> StandaloneBroker.parse(new String[] { "--nope", "1" }))
                .withMessage("unknown option --nope");
        assertThatIllegalArgumentException().isThrownBy(() -> StandaloneBroker.parse(new String[] { "1883" }))
                .withMessage("unknown option 1883");
    }

    @ParameterizedTest
    @ValueSource(strings = { "--port", "--max-packet-size", "--max-inflight", "--max-queued", "--receive-maximum",
            "--max-session-expiry", "--max-keep-alive", "--connect-timeout", "--maximum-qos", "--topic-alias-maximum",
            "--sys-interval", "--io-threads" })
    @DisplayName("a number option with something else is refused, naming option and value")
    void badNumber(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> StandaloneBroker.parse(new String[] { name, "ten" }))
                .withMessage(name + ": not a number: ten");
    }

    @Test
    @DisplayName("an option without its value is refused")
    void missingValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> StandaloneBroker.parse(new String[] { "--port" }))
                .withMessage("--port needs a value");
    }

    @Test
    @DisplayName("a value out of range is refused with the configuration's message, naming the setting")
    void outOfRange() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> StandaloneBroker.parse(new String[] { "--port", "70000" }))
                .withMessageStartingWith("port must be between 0 and 65535");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> StandaloneBroker.parse(new String[] { "--max-inflight", "0" }))
                .withMessageStartingWith("maxInflightMessages");
    }

    @Test
    @DisplayName("an unknown queue overflow policy or QoS is refused")
    void invalidEnumValues() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> StandaloneBroker.parse(new String[] { "--queue-overflow", "drop-all" }));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> StandaloneBroker.parse(new String[] { "--maximum-qos", "3" }));
    }

}
