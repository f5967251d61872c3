package io.mqttspring.broker.config;

import java.util.Objects;

import io.mqttspring.broker.message.QoS;

import org.jspecify.annotations.Nullable;

/**
 * Optional protocol features: announced to MQTT 5 clients in CONNACK and enforced for every client.
 *
 * @param maximumQos highest QoS accepted on PUBLISH and granted on SUBSCRIBE
 * @param retainAvailable whether retained messages are supported
 * @param wildcardSubscriptionsAvailable whether topic filters may contain wildcards
 * @param subscriptionIdentifiersAvailable whether MQTT 5 subscription identifiers are supported
 * @param sharedSubscriptionsAvailable whether {@code $share/group/filter} subscriptions are supported
 * @param sharedSubscriptionStrategy how a shared subscription group picks the member that gets a message
 * @param topicAliasMaximum highest topic alias a client may use towards the broker (0 disables inbound aliases)
 * @param outboundTopicAliasMaximum most topic aliases the broker assigns on its own PUBLISH packets to one MQTT 5
 * client, within the client's Topic Alias Maximum (0 sends topic names only)
 * @param responseInformation basis for response topics, sent to MQTT 5 clients that request response information;
 * {@code null} sends none
 * @param dollarTopicPublishAllowed whether clients may publish to topics starting with {@code $} (such as
 * {@code $SYS/...}), which are otherwise the broker's own [MQTT-4.7.2-1]: refused with 0x87 for MQTT 5, acknowledged
 * and dropped for MQTT 3.1.1
 */
public record Capabilities(QoS maximumQos, boolean retainAvailable, boolean wildcardSubscriptionsAvailable,
        boolean subscriptionIdentifiersAvailable, boolean sharedSubscriptionsAvailable,
        SharedSubscriptionStrategy sharedSubscriptionStrategy, int topicAliasMaximum, int outboundTopicAliasMaximum,
        @Nullable String responseInformation, boolean dollarTopicPublishAllowed) {

    public Capabilities {
        Objects.requireNonNull(maximumQos, "maximumQos");
        Objects.requireNonNull(sharedSubscriptionStrategy, "sharedSubscriptionStrategy");
        ConfigChecks.range("topicAliasMaximum", topicAliasMaximum, 0, 65_535);
        ConfigChecks.range("outboundTopicAliasMaximum", outboundTopicAliasMaximum, 0, 65_535);
    }

}
