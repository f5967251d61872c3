package io.mqttspring.broker.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.config.AnonymousAccess;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.HiveMqClient;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Users from a Mosquitto password file and rules from a Mosquitto ACL file, as an operator migrating from Mosquitto
 * would configure them, driven by Paho (MQTT 3.1.1) and the HiveMQ client (MQTT 5).
 */
class SecurityIntegrationTests {

    @TempDir
    Path directory;

    private MqttBroker broker;

    private AclAuthorizer acl;

    @BeforeEach
    void start() throws Exception {
        Path passwords = Files.write(this.directory.resolve("passwd"), List.of(MosquittoPasswordFileTests.ALICE,
                MosquittoPasswordFileTests.BOB));
        Path aclFile = Files.write(this.directory.resolve("acl"), List.of(
                "user alice",
                "topic readwrite users/alice/#",
                "topic deny test/nosubscribe",
                "topic readwrite test/#",
                "user bob",
                "topic read users/alice/#"));
        this.acl = new AclAuthorizer(MosquittoAclFile.read(aclFile));
        this.broker = MqttBroker.builder()
            .config(io.mqttspring.broker.support.BrokerExtension.testConfig(
                    (config) -> config.anonymousAccess(AnonymousAccess.REFUSED)))
            .authenticator(new UserDirectoryAuthenticator(List.of(MosquittoPasswordFile.read(passwords))))
            .authorizer(this.acl)
            .build();
        this.broker.start();
    }

    @AfterEach
    void stop() {
        this.broker.stop();
    }

    private MqttClient paho(String clientId) throws MqttException {
        return new MqttClient("tcp://127.0.0.1:" + this.broker.port(), clientId, new MemoryPersistence());
    }

    private static MqttConnectOptions credentials(String username, String password) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setConnectionTimeout(5);
        if (username != null) {
            options.setUserName(username);
            options.setPassword(password.toCharArray());
        }
        return options;
    }

    @Test
    @DisplayName("MQTT 3.1.1: a wrong password gets CONNACK 0x04, an anonymous client 0x05, both counted; the right "
            + "password connects [MQTT-3.1.4-2] [MQTT-3.2.2-5]")
    void mqtt311Credentials() throws Exception {
        MqttClient client = paho(ClientIds.unique("alice"));
        assertThatThrownBy(() -> client.connect(credentials("alice", "wrong")))
            .isInstanceOfSatisfying(MqttException.class, (ex) -> assertThat(ex.getReasonCode()).isEqualTo(4));
        assertThatThrownBy(() -> client.connect(credentials("mallory", "secret")))
            .isInstanceOfSatisfying(MqttException.class, (ex) -> assertThat(ex.getReasonCode()).isEqualTo(4));
        assertThatThrownBy(() -> client.connect(credentials(null, null)))
            .isInstanceOfSatisfying(MqttException.class, (ex) -> assertThat(ex.getReasonCode()).isEqualTo(5));
        client.connect(credentials("alice", "secret"));
        client.disconnect();
        client.close();
        assertThat(this.broker.statistics().authenticationFailures()).isEqualTo(3);
    }

    @Test
    @DisplayName("MQTT 5: a wrong password gets CONNACK 0x86, an anonymous client 0x87 [MQTT-3.1.4-2] "
            + "[MQTT-3.2.2-6]")
    void mqtt5Credentials() {
        Mqtt5BlockingClient wrong = HiveMqClient.create(this.broker.port(), "bob-wrong").client();
        assertThatThrownBy(() -> wrong.connectWith().simpleAuth().username("bob").password("nope".getBytes())
            .applySimpleAuth().send())
            .isInstanceOfSatisfying(Mqtt5ConnAckException.class, (ex) -> assertThat(ex.getMqttMessage()
                .getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
        Mqtt5BlockingClient anonymous = HiveMqClient.create(this.broker.port(), "nobody").client();
        assertThatThrownBy(anonymous::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class,
                (ex) -> assertThat(ex.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode
                    .NOT_AUTHORIZED));
    }

    @Test
    @DisplayName("ACL file: a denied subscription gets SUBACK 0x80 for MQTT 3.1.1, an allowed one under the same "
            + "user is granted [MQTT-3.9.3-2]")
    void mqtt311Subscriptions() throws Exception {
        MqttClient alice = paho(ClientIds.unique("alice"));
        alice.connect(credentials("alice", "secret"));
        IMqttToken denied = alice.subscribeWithResponse("test/nosubscribe", 1);
        assertThat(denied.getGrantedQos()).containsExactly(0x80);
        IMqttToken allowed = alice.subscribeWithResponse(new String[] { "test/other", "users/bob/#" },
                new int[] { 1, 1 });
        assertThat(allowed.getGrantedQos()).containsExactly(1, 0x80);
        alice.disconnect();
        alice.close();
    }

    @Test
    @DisplayName("ACL file over MQTT 5: unauthorized QoS 1 PUBLISH gets PUBACK 0x87 and reaches nobody; a shared "
            + "subscription is judged by its filter without the $share prefix [MQTT-3.4.2-1] [MQTT-4.8.2-1]")
    void mqtt5PublishAndSharedSubscription() {
        try (HiveMqClient bob = HiveMqClient.create(this.broker.port(), "bob-reader");
                HiveMqClient alice = HiveMqClient.create(this.broker.port(), "alice-writer")) {
            bob.client().connectWith().simpleAuth().username("bob").password("hunter2".getBytes()).applySimpleAuth()
                .send();
            alice.client().connectWith().simpleAuth().username("alice").password("secret".getBytes())
                .applySimpleAuth().send();
            assertThat(bob.client().subscribeWith().topicFilter("$share/readers/users/alice/#")
                .qos(MqttQos.AT_LEAST_ONCE).send().getReasonCodes())
                .containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
            assertThatThrownBy(() -> bob.client().subscribeWith().topicFilter("$share/readers/users/bob/#")
                .qos(MqttQos.AT_LEAST_ONCE).send())
                .isInstanceOfSatisfying(Mqtt5SubAckException.class, (ex) -> assertThat(ex.getMqttMessage()
                    .getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));
            assertThatThrownBy(() -> bob.publish("users/alice/inbox", "forged", MqttQos.AT_LEAST_ONCE))
                .isInstanceOfSatisfying(Mqtt5PubAckException.class, (ex) -> assertThat(ex.getMqttMessage()
                    .getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
            alice.publish("users/alice/inbox", "genuine", MqttQos.AT_LEAST_ONCE);
            assertThat(bob.nextPayload()).isEqualTo("genuine");
            assertThat(this.broker.statistics().messagesRefused()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("Rules replaced at run time apply at once; a topic denied for subscribing under an allowed wildcard "
            + "subscription is not delivered, live or retained")
    void denyUnderAllowedWildcard() {
        this.acl.setRules(List.of(AclRule.deny(AclRule.Subject.anyone(), "test/nosubscribe", AclRule.Action.SUBSCRIBE),
                AclRule.allow(AclRule.Subject.anyone(), "#", AclRule.Action.PUBLISH, AclRule.Action.SUBSCRIBE)));
        try (HiveMqClient alice = HiveMqClient.create(this.broker.port(), "alice-wild");
                HiveMqClient bob = HiveMqClient.create(this.broker.port(), "bob-publisher")) {
            alice.client().connectWith().simpleAuth().username("alice").password("secret".getBytes())
                .applySimpleAuth().send();
            bob.client().connectWith().simpleAuth().username("bob").password("hunter2".getBytes()).applySimpleAuth()
                .send();
            alice.publishRetained("test/nosubscribe", "retained secret", MqttQos.AT_LEAST_ONCE);
            alice.subscribe("test/#", MqttQos.AT_LEAST_ONCE);
            alice.publish("test/nosubscribe", "live secret", MqttQos.AT_LEAST_ONCE);
            alice.publish("test/open", "fine", MqttQos.AT_LEAST_ONCE);
            assertThat(alice.nextPayload()).isEqualTo("fine");
        }
    }

}
