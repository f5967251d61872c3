package io.mqttspring.autoconfigure.client.service;

import java.util.List;

import io.mqttspring.autoconfigure.client.MqttConnectionDetails;
import org.testcontainers.containers.GenericContainer;

import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;

/**
 * {@link MqttConnectionDetails} from a Testcontainers container of an MQTT broker image (Mosquitto, HiveMQ CE,
 * EMQX) annotated {@code @ServiceConnection}: client mode connects to the container's mapped port 1883.
 */
class MqttContainerConnectionDetailsFactory
        extends ContainerConnectionDetailsFactory<GenericContainer<?>, MqttConnectionDetails> {

    MqttContainerConnectionDetailsFactory() {
        super(List.of(MqttImages.NAMES), MqttImages.CLIENT_CLASS);
    }

    @Override
    protected MqttConnectionDetails getContainerConnectionDetails(ContainerConnectionSource<GenericContainer<?>> source) {
        return new ContainerDetails(source);
    }

    static final class ContainerDetails extends ContainerConnectionDetails<GenericContainer<?>>
            implements MqttConnectionDetails {

        ContainerDetails(ContainerConnectionSource<GenericContainer<?>> source) {
            super(source);
        }

        @Override
        public String getUrl() {
            GenericContainer<?> container = getContainer();
            return MqttImages.url(container.getHost(), container.getMappedPort(MqttImages.PORT));
        }

    }

}
