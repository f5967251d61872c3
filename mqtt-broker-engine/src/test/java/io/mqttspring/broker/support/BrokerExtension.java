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
 * {@code @RegisterExtension final BrokerExtension broker = new BrokerExtension();}.
 */
public class BrokerExtension implements BeforeEachCallback, AfterEachCallback {

    private final Consumer<BrokerConfig.Builder> configCustomizer;

    private final Consumer<MqttBroker.Builder> brokerCustomizer;

    private MqttBroker broker;

    public BrokerExtension() {
        this((config) -> {
        });
    }

    public BrokerExtension(Consumer<BrokerConfig.Builder> configCustomizer) {
        this(configCustomizer, (builder) -> {
        });
    }

    public BrokerExtension(Consumer<BrokerConfig.Builder> configCustomizer,
            Consumer<MqttBroker.Builder> brokerCustomizer) {
        this.configCustomizer = configCustomizer;
        this.brokerCustomizer = brokerCustomizer;
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

    public MqttBroker broker() {
        return this.broker;
    }

    public int port() {
        return this.broker.port();
    }

    /**
     * Return the URI Paho clients connect to.
     * @return {@code tcp://127.0.0.1:port}
     */
    public String uri() {
        return "tcp://127.0.0.1:" + port();
    }

}
