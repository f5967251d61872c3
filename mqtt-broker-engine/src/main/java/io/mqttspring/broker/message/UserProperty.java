package io.mqttspring.broker.message;

import java.util.Objects;

/**
 * An MQTT 5 user property: a name and value pair; names may repeat and order is significant.
 *
 * @param name the property name
 * @param value the property value
 */
public record UserProperty(String name, String value) {

    public UserProperty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

}
