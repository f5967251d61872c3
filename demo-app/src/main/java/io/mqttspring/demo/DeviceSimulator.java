package io.mqttspring.demo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Simulated room sensors: real MQTT network clients (Eclipse Paho) that connect to the embedded broker, announce
 * themselves with a retained {@code online} status and a Last Will of {@code offline}, and publish a temperature
 * at a fixed interval. A device's connection can be dropped on demand, as a network failure would, and comes back
 * a few seconds later.
 */
@Component
public class DeviceSimulator implements SmartLifecycle {

    private static final Log logger = LogFactory.getLog(DeviceSimulator.class);

    private static final long RECONNECT_DELAY_SECONDS = 5;

    private final DemoProperties.Simulator settings;

    private final Environment environment;

    private final Map<String, Device> devices = new ConcurrentHashMap<>();

    private @Nullable ScheduledExecutorService scheduler;

    public DeviceSimulator(DemoProperties properties, Environment environment) {
        this.settings = properties.simulator();
        this.environment = environment;
    }

    @Override
    public void start() {
        if (!this.settings.enabled()) {
            return;
        }
        int port = this.environment.getRequiredProperty("local.mqtt.broker.port", Integer.class);
        this.scheduler = Executors.newScheduledThreadPool(2, (task) -> {
            Thread thread = new Thread(task, "device-simulator");
            thread.setDaemon(true);
            return thread;
        });
        for (int floor = 1; floor <= this.settings.floors(); floor++) {
            for (int number = 1; number <= this.settings.roomsPerFloor(); number++) {
                Device device = new Device(String.valueOf(floor), String.valueOf(floor * 100 + number), port);
                this.devices.put(device.id(), device);
                device.connect();
            }
        }
        long interval = this.settings.interval().toMillis();
        this.scheduler.scheduleAtFixedRate(() -> this.devices.values().forEach(Device::publishReading), interval,
                interval, TimeUnit.MILLISECONDS);
        logger.info("Started " + this.devices.size() + " simulated devices on port " + port);
    }

    @Override
    public void stop() {
        if (this.scheduler != null) {
            this.scheduler.shutdownNow();
            this.scheduler = null;
        }
        this.devices.values().forEach(Device::close);
        this.devices.clear();
    }

    @Override
    public boolean isRunning() {
        return this.scheduler != null;
    }

    @Override
    public int getPhase() {
        // after the broker and the listeners
        return SmartLifecycle.DEFAULT_PHASE - 50;
    }

    /**
     * Return the device ids.
     * @return ids such as {@code sensor-1-101}
     */
    public List<String> deviceIds() {
        return new ArrayList<>(this.devices.keySet());
    }

    /**
     * Cut a device's connection without DISCONNECT, so the broker publishes its will; it reconnects later.
     * @param id the device id
     * @return whether the device exists
     */
    public boolean drop(String id) {
        Device device = this.devices.get(id);
        if (device == null) {
            return false;
        }
        device.drop();
        ScheduledExecutorService current = this.scheduler;
        if (current != null) {
            current.schedule(device::connect, RECONNECT_DELAY_SECONDS, TimeUnit.SECONDS);
        }
        return true;
    }

    /**
     * One room sensor.
     */
    private static final class Device {

        private final String floor;

        private final String room;

        private final String uri;

        private volatile double temperature = 20 + ThreadLocalRandom.current().nextDouble(4);

        private volatile @Nullable MqttClient client;

        Device(String floor, String room, int port) {
            this.floor = floor;
            this.room = room;
            this.uri = "tcp://127.0.0.1:" + port;
        }

        String id() {
            return "sensor-" + this.floor + "-" + this.room;
        }

        synchronized void connect() {
            try {
                MqttClient connecting = new MqttClient(this.uri, id(), new MemoryPersistence());
                MqttConnectOptions options = new MqttConnectOptions();
                options.setCleanSession(true);
                options.setKeepAliveInterval(10);
                options.setWill(Topics.status(this.floor, this.room), bytes("offline"), 1, true);
                connecting.connect(options);
                connecting.publish(Topics.status(this.floor, this.room), bytes("online"), 1, true);
                this.client = connecting;
            }
            catch (MqttException ex) {
                logger.warn("Device " + id() + " could not connect: " + ex.getMessage());
            }
        }

        void publishReading() {
            MqttClient current = this.client;
            if (current == null || !current.isConnected()) {
                return;
            }
            // a random walk, with the odd heat wave in the second room of each floor
            double drift = ThreadLocalRandom.current().nextGaussian() * 0.3;
            if (this.room.endsWith("2") && ThreadLocalRandom.current().nextInt(20) == 0) {
                drift += 4;
            }
            this.temperature = Math.max(15, Math.min(35, this.temperature + drift - (this.temperature - 22) * 0.05));
            try {
                current.publish(Topics.temperature(this.floor, this.room),
                        bytes(String.format(Locale.ROOT, "%.2f", this.temperature)), 1, false);
            }
            catch (MqttException ex) {
                logger.debug("Device " + id() + " could not publish: " + ex.getMessage());
            }
        }

        synchronized void drop() {
            MqttClient current = this.client;
            this.client = null;
            if (current != null) {
                try {
                    // no DISCONNECT packet: the broker sees a lost connection and publishes the will
                    current.disconnectForcibly(0, 1000, false);
                    current.close(true);
                }
                catch (MqttException ex) {
                    logger.debug("Device " + id() + " drop: " + ex.getMessage());
                }
            }
        }

        synchronized void close() {
            MqttClient current = this.client;
            this.client = null;
            if (current != null) {
                try {
                    current.disconnect(1000);
                    current.close(true);
                }
                catch (MqttException ex) {
                    logger.debug("Device " + id() + " close: " + ex.getMessage());
                }
            }
        }

        private static byte[] bytes(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }

    }

}
