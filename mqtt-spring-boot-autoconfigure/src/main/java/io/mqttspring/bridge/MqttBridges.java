package io.mqttspring.bridge;

import java.util.List;

import io.mqttspring.broker.bridge.MqttBridge;

import org.springframework.context.SmartLifecycle;

/**
 * The application's bridges ({@link MqttBridge}), started after the embedded broker and stopped before it.
 */
public final class MqttBridges implements SmartLifecycle {

    private final List<MqttBridge> bridges;

    private volatile boolean running;

    public MqttBridges(List<MqttBridge> bridges) {
        this.bridges = List.copyOf(bridges);
    }

    public List<MqttBridge> getBridges() {
        return this.bridges;
    }

    @Override
    public void start() {
        for (int i = 0; i < this.bridges.size(); i++) {
            try {
                this.bridges.get(i).start();
            }
            catch (RuntimeException ex) {
                // the context fails to start and will not stop us: stop what did start
                this.bridges.subList(0, i).forEach(MqttBridge::stop);
                throw ex;
            }
        }
        this.running = true;
    }

    @Override
    public void stop() {
        this.bridges.forEach(MqttBridge::stop);
        this.running = false;
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        // after the embedded broker starts, before listeners
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }

}
