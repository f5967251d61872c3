package io.mqttspring.autoconfigure.client.service;

import io.mqttspring.autoconfigure.client.MqttConnectionDetails;

import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionDetailsFactory;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionSource;

/**
 * {@link MqttConnectionDetails} from a Docker Compose service of an MQTT broker image (Mosquitto, HiveMQ CE, EMQX):
 * client mode connects to the port the service publishes for 1883.
 */
class MqttDockerComposeConnectionDetailsFactory extends DockerComposeConnectionDetailsFactory<MqttConnectionDetails> {

    MqttDockerComposeConnectionDetailsFactory() {
        super(MqttImages.NAMES, MqttImages.CLIENT_CLASS);
    }

    @Override
    protected MqttConnectionDetails getDockerComposeConnectionDetails(DockerComposeConnectionSource source) {
        return new ComposeDetails(source.getRunningService());
    }

    static final class ComposeDetails extends DockerComposeConnectionDetails implements MqttConnectionDetails {

        private final String url;

        ComposeDetails(RunningService service) {
            super(service);
            this.url = MqttImages.url(service.host(), service.ports().get(MqttImages.PORT));
        }

        @Override
        public String getUrl() {
            return this.url;
        }

    }

}
