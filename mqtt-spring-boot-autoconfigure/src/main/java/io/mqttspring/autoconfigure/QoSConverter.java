package io.mqttspring.autoconfigure;

import java.util.Locale;

import io.mqttspring.broker.message.QoS;

import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.core.convert.converter.Converter;

/**
 * Lets QoS properties be written as MQTT users write them, {@code 0}, {@code 1} or {@code 2}, as well as by name
 * ({@code at-least-once}).
 */
@ConfigurationPropertiesBinding
class QoSConverter implements Converter<String, QoS> {

    @Override
    public QoS convert(String source) {
        String value = source.trim();
        if (value.length() == 1 && Character.isDigit(value.charAt(0))) {
            return QoS.of(value.charAt(0) - '0');
        }
        return QoS.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

}
