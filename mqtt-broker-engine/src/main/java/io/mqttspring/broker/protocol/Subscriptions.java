package io.mqttspring.broker.protocol;

import java.util.ArrayList;
import java.util.List;

import io.mqttspring.broker.codec.MessagePropertiesCodec;
import io.mqttspring.broker.config.BrokerConfig;
import io.mqttspring.broker.config.Capabilities;
import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.ReasonCode;
import io.mqttspring.broker.metrics.LimitReason;
import io.mqttspring.broker.security.Authorizer;
import io.mqttspring.broker.session.Session;
import io.mqttspring.broker.core.InvalidTopicException;
import io.mqttspring.broker.stats.BrokerCounters;
import io.mqttspring.broker.subscription.Subscription;
import io.mqttspring.broker.subscription.SubscriptionOptions;
import io.mqttspring.broker.subscription.TopicFilter;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;

import org.jspecify.annotations.Nullable;

/**
 * The SUBSCRIBE and UNSUBSCRIBE flows: validate each filter, change the session, and say what to answer. The
 * caller writes the acknowledgement, then sends retained messages. Runs on the session's event loop.
 */
final class Subscriptions {

    private final BrokerConfig config;

    private final Authorizer authorizer;

    private final BrokerCounters counters;

    Subscriptions(BrokerConfig config, Authorizer authorizer, BrokerCounters counters) {
        this.config = config;
        this.authorizer = authorizer;
        this.counters = counters;
    }

    Outcome subscribe(MqttSubscribeMessage subscribe, ClientInfo client, Session session) {
        boolean mqtt5 = client.protocolVersion().isMqtt5();
        List<MqttTopicSubscription> requests = subscribe.payload().topicSubscriptions();
        if (requests.isEmpty()) {
            // 3.1.1 [MQTT-3.8.3-3], 5.0 [MQTT-3.8.3-2]
            return Outcome.disconnect(ReasonCode.PROTOCOL_ERROR, "SUBSCRIBE without topic filters");
        }
        Capabilities capabilities = this.config.capabilities();
        int identifier = 0;
        if (mqtt5) {
            MqttProperties properties = subscribe.idAndPropertiesVariableHeader().properties();
            Integer id = MessagePropertiesCodec.intValue(properties, MqttProperties.SUBSCRIPTION_IDENTIFIER);
            if (id != null) {
                if (!capabilities.subscriptionIdentifiersAvailable()) {
                    return Outcome.disconnect(ReasonCode.SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED,
                            "subscription identifiers are not supported");
                }
                if (id == 0) {
                    return Outcome.disconnect(ReasonCode.PROTOCOL_ERROR, "subscription identifier 0");
                }
                identifier = id;
            }
        }
        // every filter is checked before any changes the session: a refused packet leaves it as it was
        List<TopicFilter> filters = new ArrayList<>(requests.size());
        for (MqttTopicSubscription request : requests) {
            TopicFilter filter = parse(request.topicFilter());
            if (filter != null && filter.isShared() && request.option().isNoLocal()) {
                // 5.0 [MQTT-3.8.3-4]
                return Outcome.disconnect(ReasonCode.PROTOCOL_ERROR, "No Local on a shared subscription");
            }
            filters.add(filter);
        }
        List<Integer> codes = new ArrayList<>(requests.size());
        List<Granted> granted = new ArrayList<>(requests.size());
        List<String> refusals = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            TopicFilter filter = filters.get(i);
            MqttSubscriptionOption option = requests.get(i).option();
            String refusal = null;
            if (filter == null) {
                codes.add(failure(mqtt5, ReasonCode.TOPIC_FILTER_INVALID));
                refusal = "invalid topic filter";
            }
            else if (filter.isShared() && !capabilities.sharedSubscriptionsAvailable()) {
                codes.add(failure(mqtt5, ReasonCode.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED));
                refusal = "shared subscriptions are not supported";
            }
            else if (filter.hasWildcard() && !capabilities.wildcardSubscriptionsAvailable()) {
                codes.add(failure(mqtt5, ReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED));
                refusal = "wildcard subscriptions are not supported";
            }
            else if (!this.authorizer.maySubscribe(client, filter.filter(), filter.shareName(),
                    QoS.of(option.qos().value()))) {
                codes.add(failure(mqtt5, ReasonCode.NOT_AUTHORIZED));
                refusal = "not authorized";
            }
            else if (isOverQuota(session, filter)) {
                this.counters.limitHit(LimitReason.SUBSCRIPTIONS);
                codes.add(failure(mqtt5, ReasonCode.QUOTA_EXCEEDED));
                refusal = "at most " + this.config.quotas().maxSubscriptionsPerClient() + " subscriptions per client";
            }
            else {
                // [MQTT-3.2.2-10] a lower Maximum QoS downgrades the grant instead of refusing it
                QoS qos = QoS.of(option.qos().value()).min(capabilities.maximumQos());
                SubscriptionOptions options = SubscriptionOptions.of(qos, option.isNoLocal(),
                        option.isRetainAsPublished(), option.retainHandling().value());
                Subscription<Session> subscription = new Subscription<>(session, filter, options, identifier);
                // [MQTT-3.8.4-3] an identical filter replaces the existing subscription
                boolean isNew = session.subscribe(subscription) == null;
                granted.add(new Granted(subscription, isNew));
                codes.add(qos.value());
            }
            if (refusal != null) {
                refusals.add(requests.get(i).topicFilter() + ": " + refusal);
            }
        }
        return new Outcome(codes, granted, refusals.isEmpty() ? null : String.join("; ", refusals), null, null);
    }

    Outcome unsubscribe(MqttUnsubscribeMessage unsubscribe, Session session) {
        List<String> values = unsubscribe.payload().topics();
        if (values.isEmpty()) {
            // 3.1.1 [MQTT-3.10.3-2], 5.0 [MQTT-3.10.3-2]
            return Outcome.disconnect(ReasonCode.PROTOCOL_ERROR, "UNSUBSCRIBE without topic filters");
        }
        List<Integer> codes = new ArrayList<>(values.size());
        for (String value : values) {
            TopicFilter filter = parse(value);
            if (filter == null) {
                codes.add(ReasonCode.TOPIC_FILTER_INVALID.value());
                continue;
            }
            // [MQTT-3.10.4-1] filters compare character by character
            boolean removed = session.unsubscribe(filter);
            codes.add(removed ? ReasonCode.SUCCESS.value() : ReasonCode.NO_SUBSCRIPTION_EXISTED.value());
        }
        return new Outcome(codes, List.of(), null, null, null);
    }

    private @Nullable TopicFilter parse(String value) {
        try {
            return TopicFilter.of(value, this.config.limits().maxTopicLevels());
        }
        catch (InvalidTopicException ex) {
            return null;
        }
    }


    // replacing a subscription of the same filter never counts against the cap
    private boolean isOverQuota(Session session, TopicFilter filter) {
        int max = this.config.quotas().maxSubscriptionsPerClient();
        return max > 0 && session.subscriptions().size() >= max
                && !session.subscriptions().containsKey(filter.value());
    }

    private static int failure(boolean mqtt5, ReasonCode reasonCode) {
        // MQTT 3.1.1 knows one failure code
        return mqtt5 ? reasonCode.value() : 0x80;
    }

    /**
     * A granted subscription and whether it is new to the session (for Retain Handling 1).
     */
    record Granted(Subscription<Session> subscription, boolean isNew) {
    }

    /**
     * What to answer: one reason code per filter, what the refusals were about, and the subscriptions that get
     * retained messages; or a reason to disconnect instead.
     */
    record Outcome(List<Integer> reasonCodes, List<Granted> granted, @Nullable String refusals,
            @Nullable ReasonCode disconnectReason, @Nullable String disconnectDetail) {

        static Outcome disconnect(ReasonCode reasonCode, String detail) {
            return new Outcome(List.of(), List.of(), null, reasonCode, detail);
        }

    }

}
