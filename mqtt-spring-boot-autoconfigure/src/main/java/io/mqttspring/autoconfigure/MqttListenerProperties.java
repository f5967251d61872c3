package io.mqttspring.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of {@code @MqttListener} methods.
 */
@ConfigurationProperties("mqtt.listener")
public class MqttListenerProperties {

    /**
     * Whether listeners start with the application context, unless their annotation says otherwise.
     */
    private boolean autoStartup = true;

    /**
     * How many messages of different topics one listener may process at once, unless its annotation says
     * otherwise. Messages of one topic are always processed in order.
     */
    private int concurrency = 1;

    /**
     * Time a stopping listener waits for messages it already received to be processed.
     */
    private Duration shutdownTimeout = Duration.ofSeconds(10);

    private final Executor executor = new Executor();

    public boolean isAutoStartup() {
        return this.autoStartup;
    }

    public void setAutoStartup(boolean autoStartup) {
        this.autoStartup = autoStartup;
    }

    public int getConcurrency() {
        return this.concurrency;
    }

    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    public Duration getShutdownTimeout() {
        return this.shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public Executor getExecutor() {
        return this.executor;
    }

    /**
     * The executor listener methods run on, when threads are platform threads. With
     * 'spring.threads.virtual.enabled=true' each invocation gets a virtual thread instead.
     */
    public static class Executor {

        /**
         * Number of threads shared by all listeners. Defaults to twice the number of processors, at least 4.
         */
        private int poolSize = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

        public int getPoolSize() {
            return this.poolSize;
        }

        public void setPoolSize(int poolSize) {
            this.poolSize = poolSize;
        }

    }

    /**
     * Whether to observe listener invocations (mqtt.listener), continuing the trace of the traceparent user property, when the application has an ObservationRegistry.
     */
    private boolean observationEnabled = true;

    public boolean isObservationEnabled() {
        return this.observationEnabled;
    }

    public void setObservationEnabled(boolean observationEnabled) {
        this.observationEnabled = observationEnabled;
    }

}
