package io.mqttspring.autoconfigure;

import java.util.HashMap;
import java.util.Map;

import io.mqttspring.broker.MqttBroker;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Starts the embedded broker with the application context and stops it gracefully when the context closes. Its
 * phase is lower than that of the listener registry, so the broker is up before listeners start and goes down
 * after they stopped. Publishes the bound ports as {@value #PORT_PROPERTY} and {@value #WEBSOCKET_PORT_PROPERTY}.
 */
public class MqttBrokerLifecycle implements SmartLifecycle {

    /** The Environment property holding the port the broker listens on. */
    public static final String PORT_PROPERTY = "local.mqtt.broker.port";

    /** The Environment property holding the port of the WebSocket listener, when it runs. */
    public static final String WEBSOCKET_PORT_PROPERTY = "local.mqtt.broker.websocket-port";

    /** The phase: early start, late stop, as an embedded web server. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

    private static final String PROPERTY_SOURCE_NAME = "mqtt.ports";

    private final MqttBroker broker;

    private final ApplicationContext applicationContext;

    public MqttBrokerLifecycle(MqttBroker broker, ApplicationContext applicationContext) {
        this.broker = broker;
        this.applicationContext = applicationContext;
    }

    @Override
    public void start() {
        this.broker.start();
        publishPort(this.applicationContext, PORT_PROPERTY, this.broker.port());
        int webSocketPort = this.broker.webSocketPort();
        if (webSocketPort > 0) {
            publishPort(this.applicationContext, WEBSOCKET_PORT_PROPERTY, webSocketPort);
        }
    }

    @Override
    public void stop() {
        this.broker.stop();
    }

    @Override
    public boolean isRunning() {
        return this.broker.isRunning();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private static void publishPort(ApplicationContext context, String property, int port) {
        if (context instanceof ConfigurableApplicationContext configurable) {
            ConfigurableEnvironment environment = configurable.getEnvironment();
            MutablePropertySources sources = environment.getPropertySources();
            PropertySource<?> source = sources.get(PROPERTY_SOURCE_NAME);
            if (source == null) {
                Map<String, Object> ports = new HashMap<>();
                source = new MapPropertySource(PROPERTY_SOURCE_NAME, ports);
                sources.addFirst(source);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> ports = (Map<String, Object>) source.getSource();
            ports.put(property, port);
        }
        if (context.getParent() != null) {
            publishPort(context.getParent(), property, port);
        }
    }

}
