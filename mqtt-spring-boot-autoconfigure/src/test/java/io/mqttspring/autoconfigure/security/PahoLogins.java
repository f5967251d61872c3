package io.mqttspring.autoconfigure.security;

import io.mqttspring.broker.support.ClientIds;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Logs in with Paho (MQTT 3.1.1) and tells what the broker answered.
 */
final class PahoLogins {

    private PahoLogins() {
    }

    /**
     * Connect and disconnect.
     * @param port the broker port
     * @param username the user name, or {@code null} for none
     * @param password the password, ignored without a user name
     * @return the CONNACK return code: 0 when accepted, 4 for bad credentials, 5 when not authorized
     * @throws MqttException if the client cannot be created
     */
    static int login(int port, String username, String password) throws MqttException {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, ClientIds.unique("login"),
                new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        if (username != null) {
            options.setUserName(username);
            options.setPassword(password.toCharArray());
        }
        try {
            client.connect(options);
            client.disconnect();
            return 0;
        }
        catch (MqttException ex) {
            return ex.getReasonCode();
        }
        finally {
            client.close();
        }
    }

}
