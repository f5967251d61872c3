package io.mqttspring.listener;

import java.time.Duration;
import java.util.concurrent.Executor;

import io.micrometer.observation.ObservationRegistry;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.core.EmbeddedMqttConnection;
import io.mqttspring.core.MqttConnection;
import io.mqttspring.core.MqttMessageConverter;
import io.mqttspring.core.MqttOperations;

import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.util.Assert;

/**
 * Creates {@link MqttListenerContainer}s for endpoints, with the collaborators and defaults all listeners share.
 */
public class MqttListenerContainerFactory {

    private final MqttConnection connection;

    private final MqttMessageConverter converter;

    private final MqttOperations replies;

    private final MessageHandlerMethodFactory methodFactory;

    private final Executor executor;

    private int defaultConcurrency = 1;

    private boolean defaultAutoStartup = true;

    private Duration shutdownTimeout = Duration.ofSeconds(10);

    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

    public MqttListenerContainerFactory(MqttBroker broker, MqttMessageConverter converter, MqttOperations replies,
            MessageHandlerMethodFactory methodFactory, Executor executor) {
        this(new EmbeddedMqttConnection(broker), converter, replies, methodFactory, executor);
    }

    public MqttListenerContainerFactory(MqttConnection connection, MqttMessageConverter converter,
            MqttOperations replies, MessageHandlerMethodFactory methodFactory, Executor executor) {
        this.connection = connection;
        this.converter = converter;
        this.replies = replies;
        this.methodFactory = methodFactory;
        this.executor = executor;
    }

    public void setDefaultConcurrency(int defaultConcurrency) {
        Assert.isTrue(defaultConcurrency >= 1, "'defaultConcurrency' must be at least 1");
        this.defaultConcurrency = defaultConcurrency;
    }

    public int getDefaultConcurrency() {
        return this.defaultConcurrency;
    }

    public void setDefaultAutoStartup(boolean defaultAutoStartup) {
        this.defaultAutoStartup = defaultAutoStartup;
    }

    public boolean isDefaultAutoStartup() {
        return this.defaultAutoStartup;
    }

    /**
     * Set how long a stopping container waits for messages already handed to the listener.
     * @param shutdownTimeout the timeout
     */
    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    /**
     * Observe listener invocations ({@code mqtt.listener}), continuing the publishers' traces.
     * @param observationRegistry the registry, {@link ObservationRegistry#NOOP} to observe nothing
     */
    public void setObservationRegistry(ObservationRegistry observationRegistry) {
        this.observationRegistry = observationRegistry;
    }

    /**
     * Create the container of an endpoint.
     * @param endpoint the endpoint
     * @return the container, not started
     */
    public MqttListenerContainer createContainer(MqttListenerEndpoint endpoint) {
        InvocableHandlerMethod method = this.methodFactory.createInvocableHandlerMethod(endpoint.bean(),
                endpoint.method());
        MqttListenerMethodAdapter adapter = new MqttListenerMethodAdapter(endpoint.id(), method, endpoint.topics(),
                this.converter, this.replies, endpoint.errorHandler(), endpoint.replyTopic());
        MqttListenerContainer container = new MqttListenerContainer(endpoint, this.connection, adapter,
                this.executor, this.shutdownTimeout);
        container.setObservationRegistry(this.observationRegistry);
        return container;
    }

}
