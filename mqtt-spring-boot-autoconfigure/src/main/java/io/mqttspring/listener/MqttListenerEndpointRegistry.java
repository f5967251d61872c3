package io.mqttspring.listener;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Holds the listener containers, starts them with the application context (after the broker) and stops them
 * before it. Use it to list, stop and start listeners at runtime. Thread-safe.
 */
public class MqttListenerEndpointRegistry implements SmartLifecycle {

    /** Starts after and stops before the broker, whose phase is lower. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 100;

    private final Map<String, MqttListenerContainer> containers = Collections.synchronizedMap(new LinkedHashMap<>());

    private final java.util.List<java.util.function.Consumer<MqttListenerContainer>> registrationCallbacks =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private volatile boolean running;

    /**
     * Be told of every container, those registered already and those to come; for metrics and the like.
     * @param callback called once per container
     */
    public void onRegistration(java.util.function.Consumer<MqttListenerContainer> callback) {
        this.registrationCallbacks.add(callback);
        getListenerContainers().forEach(callback);
    }

    /**
     * Add a container; it starts now if the registry runs and the endpoint starts automatically.
     * @param container the container
     * @throws IllegalStateException if a container with the same id exists
     */
    public void registerListenerContainer(MqttListenerContainer container) {
        Assert.notNull(container, "'container' must not be null");
        MqttListenerContainer existing = this.containers.putIfAbsent(container.getId(), container);
        Assert.state(existing == null, () -> "Another MQTT listener has the id '" + container.getId() + "'");
        this.registrationCallbacks.forEach((callback) -> callback.accept(container));
        if (this.running && container.getEndpoint().autoStartup()) {
            container.start();
        }
    }

    /**
     * Return a container.
     * @param id the listener id
     * @return the container, or {@code null}
     */
    public @Nullable MqttListenerContainer getListenerContainer(String id) {
        return this.containers.get(id);
    }

    public Set<String> getListenerContainerIds() {
        synchronized (this.containers) {
            return Set.copyOf(this.containers.keySet());
        }
    }

    public Collection<MqttListenerContainer> getListenerContainers() {
        synchronized (this.containers) {
            return java.util.List.copyOf(this.containers.values());
        }
    }

    @Override
    public void start() {
        for (MqttListenerContainer container : getListenerContainers()) {
            if (container.getEndpoint().autoStartup()) {
                container.start();
            }
        }
        this.running = true;
    }

    @Override
    public void stop() {
        this.running = false;
        getListenerContainers().parallelStream().forEach(MqttListenerContainer::stop);
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

}
