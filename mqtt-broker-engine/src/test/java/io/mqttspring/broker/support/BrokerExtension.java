package io.mqttspring.broker.support;

import java.time.Duration;
import java.util.function.Consumer;

import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.config.BrokerConfig;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a broker on 127.0.0.1 and a free port before each test and stops it after. Use as a field:
 * {@code @RegisterExtension final BrokerExtension broker = new BrokerExtension();}, or
 * {@link #onManualClock() BrokerExtension.onManualClock()} for a broker whose time the test moves.
 */
public class BrokerExtension implements BeforeEachCallback, AfterEachCallback {

    private final Consumer<BrokerConfig.Builder> configCustomizer;

    private final Consumer<MqttBroker.Builder> brokerCustomizer;

    private final ManualClock clock;

    private MqttBroker broker;

    /**
     * A broker with the {@link #testConfig test configuration}.
     */
    public BrokerExtension() {
        this((config) -> {
        });
    }

    /**
     * A broker with the test configuration adjusted by the test.
     * @param configCustomizer adjusts the configuration
     */
    public BrokerExtension(Consumer<BrokerConfig.Builder> configCustomizer) {
        this(configCustomizer, (builder) -> {
        });
    }

    /**
     * A broker with the test configuration and components (stores, listeners, authenticator) given by the test.
     * @param configCustomizer adjusts the configuration
     * @param brokerCustomizer adjusts the broker builder
     */
    public BrokerExtension(Consumer<BrokerConfig.Builder> configCustomizer,
            Consumer<MqttBroker.Builder> brokerCustomizer) {
        this(configCustomizer, brokerCustomizer, null);
    }

    private BrokerExtension(Consumer<BrokerConfig.Builder> configCustomizer,
            Consumer<MqttBroker.Builder> brokerCustomizer, ManualClock clock) {
        this.configCustomizer = configCustomizer;
        this.brokerCustomizer = brokerCustomizer;
        this.clock = clock;
    }

    /**
     * A broker with the test configuration on a {@link ManualClock} of its own: expiry, delays and keep-alive move
     * only when the test {@link ManualClock#advance(Duration) advances} {@link #clock()}.
     * @return the extension
     */
    public static BrokerExtension onManualClock() {
        return onManualClock((config) -> {
        });
    }

    /**
     * A broker on a {@link ManualClock} of its own, configured by the test.
     * @param configCustomizer adjusts the {@link #testConfig test configuration}
     * @return the extension
     */
    public static BrokerExtension onManualClock(Consumer<BrokerConfig.Builder> configCustomizer) {
        ManualClock clock = new ManualClock();
        return new BrokerExtension(configCustomizer, (builder) -> builder.clock(clock), clock);
    }

    /**
     * Build a configuration for tests: loopback, free port, no {@code $SYS}, two I/O threads, short shutdown.
     * @param customizer adjusts it
     * @return the configuration
     */
    public static BrokerConfig testConfig(Consumer<BrokerConfig.Builder> customizer) {
        BrokerConfig.Builder config = BrokerConfig.builder().host("127.0.0.1").port(0).ioThreads(2)
                .sysInterval(Duration.ZERO).shutdownTimeout(Duration.ofSeconds(2));
        customizer.accept(config);
        return config.build();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        MqttBroker.Builder builder = MqttBroker.builder().config(testConfig(this.configCustomizer));
        this.brokerCustomizer.accept(builder);
        this.broker = builder.build();
        this.broker.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (this.broker != null) {
            this.broker.stop();
        }
    }

    /**
     * Return the broker of the running test.
     * @return the broker
     */
    public MqttBroker broker() {
        return this.broker;
    }

    /**
     * Return the TCP port the broker listens on.
     * @return the port
     */
    public int port() {
        return this.broker.port();
    }

    /**
     * Return the clock the broker runs on, for a broker made by {@link #onManualClock()}.
     * @return the clock
     * @throws IllegalStateException if the broker runs on the system clock
     */
    public ManualClock clock() {
        if (this.clock == null) {
            throw new IllegalStateException("The broker runs on the system clock: use BrokerExtension.onManualClock()");
        }
        return this.clock;
    }

}
