package io.mqttspring.broker.metrics;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.ReasonCode;

/**
 * Records broker events as short strings, for example {@code connected:client-1:MQTT_5:false}.
 */
final class RecordingListener implements BrokerListener {

    final List<String> events = new CopyOnWriteArrayList<>();

    final List<ClientInfo> connectedClients = new CopyOnWriteArrayList<>();

    @Override
    public void clientConnected(ClientInfo client, boolean sessionPresent) {
        this.connectedClients.add(client);
        this.events.add("connected:" + client.clientId() + ":" + client.protocolVersion() + ":" + sessionPresent);
    }

    @Override
    public void clientDisconnected(ClientInfo client, ReasonCode reasonCode) {
        this.events.add("disconnected:" + client.clientId() + ":" + ((reasonCode != null) ? reasonCode.name() : null));
    }

    @Override
    public void subscribed(ClientInfo client, String topicFilter, QoS grantedQos) {
        this.events.add("subscribed:" + client.clientId() + ":" + topicFilter + ":" + grantedQos.value());
    }

    @Override
    public void unsubscribed(ClientInfo client, String topicFilter) {
        this.events.add("unsubscribed:" + client.clientId() + ":" + topicFilter);
    }

    @Override
    public void messagePublished(ClientInfo publisher, ApplicationMessage message) {
        this.events.add("published:" + ((publisher != null) ? publisher.clientId() : null) + ":" + message.topic()
                + ":" + message.qos().value());
    }

    @Override
    public void messageDelivered(String clientId, ApplicationMessage message) {
        this.events.add("delivered:" + clientId + ":" + message.topic() + ":" + message.qos().value());
    }

    @Override
    public void messageDropped(String clientId, ApplicationMessage message, DropReason reason) {
        this.events.add("dropped:" + clientId + ":" + message.topic() + ":" + reason);
    }

    List<String> eventsFor(String prefix) {
        return this.events.stream().filter((event) -> event.startsWith(prefix)).toList();
    }

}
