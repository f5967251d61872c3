package io.mqttspring.broker.config;

/**
 * Range checks whose messages name the setting, so a wrong value is easy to trace to its source.
 */
final class ConfigChecks {

    private ConfigChecks() {
    }

    static void range(String setting, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidConfigurationException(setting, value,
                    "must be between " + min + " and " + max);
        }
    }

}
