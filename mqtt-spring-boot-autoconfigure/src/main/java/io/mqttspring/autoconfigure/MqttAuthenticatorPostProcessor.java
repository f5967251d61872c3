package io.mqttspring.autoconfigure;

import io.mqttspring.broker.security.Authenticator;

/**
 * Wraps the authenticator the embedded broker is built with, as bearer-token authentication wraps the user checks
 * behind it. Beans of this type are applied in order.
 */
@FunctionalInterface
public interface MqttAuthenticatorPostProcessor {

    /**
     * Wrap or replace the authenticator.
     * @param authenticator the authenticator so far: an {@link Authenticator} bean, the users of
     * {@code mqtt.broker.security.*} and of {@code UserDirectory} beans, or the allow-all one
     * @return the authenticator to use
     */
    Authenticator postProcess(Authenticator authenticator);

}
