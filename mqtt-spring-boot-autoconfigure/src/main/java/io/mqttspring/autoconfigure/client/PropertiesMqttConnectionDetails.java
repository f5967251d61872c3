package io.mqttspring.autoconfigure.client;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * {@link MqttConnectionDetails} from {@code mqtt.client.*}.
 */
final class PropertiesMqttConnectionDetails implements MqttConnectionDetails {

    private final MqttClientProperties properties;

    PropertiesMqttConnectionDetails(MqttClientProperties properties) {
        this.properties = properties;
    }

    @Override
    public String getUrl() {
        String url = this.properties.getUrl();
        if (url == null) {
            throw new InvalidConfigurationPropertyValueException("mqtt.client.url", null, "Give the broker's URL");
        }
        return url;
    }

    @Override
    public @Nullable String getUsername() {
        return this.properties.getUsername();
    }

    @Override
    public @Nullable String getPassword() {
        return this.properties.getPassword();
    }

}
