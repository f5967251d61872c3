package io.mqttspring.broker.config;

import io.mqttspring.broker.core.MqttBrokerException;

/**
 * Thrown when a configuration value is out of its allowed range; names the setting so adapters can map it to
 * their own property names.
 */
public class InvalidConfigurationException extends MqttBrokerException {

    private static final long serialVersionUID = 1L;

    private final String setting;

    private final transient Object value;

    /**
     * Create a new instance.
     * @param setting the name of the setting, as in {@link BrokerConfig.Builder}
     * @param value the rejected value
     * @param reason why it was rejected
     */
    public InvalidConfigurationException(String setting, Object value, String reason) {
        super(setting + " " + reason + ", was " + value);
        this.setting = setting;
        this.value = value;
    }

    /**
     * Return the name of the rejected setting.
     * @return the setting name
     */
    public String getSetting() {
        return this.setting;
    }

    /**
     * Return the rejected value.
     * @return the value
     */
    public Object getValue() {
        return this.value;
    }

}
