package io.mqttspring.broker.protocol;

import io.mqttspring.broker.codec.AckWriter;
import io.mqttspring.broker.codec.InboundPublish;
import io.mqttspring.broker.codec.Utf8Payloads;
import io.mqttspring.broker.config.BrokerConfig;
import io.mqttspring.broker.config.Capabilities;
import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.flow.PublisherThrottle;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.MessageProperties;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.ReasonCode;
import io.mqttspring.broker.metrics.LimitReason;
import io.mqttspring.broker.stats.BrokerCounters;
import io.mqttspring.broker.routing.RoutingReceipt;
import io.mqttspring.broker.routing.MessageRouter;
import io.mqttspring.broker.security.Authorizer;
import io.mqttspring.broker.session.Session;
import io.mqttspring.broker.core.InvalidTopicException;
import io.mqttspring.broker.subscription.TopicName;
import io.netty.buffer.ByteBufUtil;

import org.jspecify.annotations.Nullable;

/**
 * The inbound PUBLISH flow: validate, authorize, route, and say how to acknowledge. Exactly-once delivery of QoS 2
 * publications relies on the session's record of identifiers awaiting PUBREL. Runs on the connection's event loop;
 * does not take ownership of the PUBLISH (the caller releases it).
 */
final class InboundPublishes {

    private final BrokerConfig config;

    private final Authorizer authorizer;

    private final MessageRouter router;

    private final BrokerCounters counters;

    InboundPublishes(BrokerConfig config, Authorizer authorizer, MessageRouter router, BrokerCounters counters) {
        this.config = config;
        this.authorizer = authorizer;
        this.router = router;
        this.counters = counters;
    }

    /**
     * Handle one PUBLISH.
     * @param publish the packet
     * @param client the publisher
     * @param session its session
     * @param topics its inbound topic aliases and last topic name
     * @param reasonStrings whether reason strings may go on acknowledgements
     * @param throttle holds the publisher back while what it feeds cannot take more; {@code null} for QoS 0
     * @param receipt told what the publication left pending before its acknowledgement
     * @return what to answer
     */
    Outcome receive(InboundPublish publish, ClientInfo client, Session session, InboundTopics topics,
            ReasonStrings reasonStrings, @Nullable PublisherThrottle throttle, RoutingReceipt receipt) {
        receipt.reset();
        boolean mqtt5 = client.protocolVersion().isMqtt5();
        QoS qos = QoS.of(publish.qos());
        boolean retain = publish.isRetain();
        int packetId = publish.packetId();
        Capabilities capabilities = this.config.capabilities();
        String topicValue = publish.topic();
        if (mqtt5) {
            if (publish.hasSubscriptionIdentifier()) {
                // [MQTT-3.3.4-6]
                return Outcome.disconnect(ReasonCode.PROTOCOL_ERROR, "subscription identifier in PUBLISH");
            }
            int alias = publish.topicAlias();
            if (alias >= 0) {
                if (alias == 0 || alias > capabilities.topicAliasMaximum()) {
                    // [MQTT-3.2.2-17] [MQTT-3.2.2-18] [MQTT-3.3.2-9]
                    return Outcome.disconnect(ReasonCode.TOPIC_ALIAS_INVALID, "topic alias " + alias);
                }
                if (topicValue.isEmpty()) {
                    topicValue = topics.resolve(alias);
                    if (topicValue == null) {
                        return Outcome.disconnect(ReasonCode.PROTOCOL_ERROR, "unknown topic alias " + alias);
                    }
                }
                else {
                    topics.define(alias, topicValue);
                }
            }
            if (qos.value() > capabilities.maximumQos().value()) {
                // [MQTT-3.2.2-11]
                return Outcome.disconnect(ReasonCode.QOS_NOT_SUPPORTED, "QoS " + qos.value() + " not supported");
            }
            if (retain && !capabilities.retainAvailable()) {
                // [MQTT-3.2.2-14]
                return Outcome.disconnect(ReasonCode.RETAIN_NOT_SUPPORTED, "retained messages not supported");
            }
        }
        TopicName topic;
        try {
            topic = topics.validate(topicValue, this.config.limits().maxTopicLevels());
        }
        catch (InvalidTopicException ex) {
            return Outcome.disconnect(topicValue.isEmpty() ? ReasonCode.PROTOCOL_ERROR : ReasonCode.TOPIC_NAME_INVALID,
                    ex.getMessage());
        }
        if (qos == QoS.EXACTLY_ONCE && mqtt5 && session.awaitingReleaseCount() >= this.config.limits().receiveMaximum()
                && !session.isAwaitingRelease(packetId)) {
            // [MQTT-3.3.4-7] more unacknowledged QoS 2 publications than our Receive Maximum
            return Outcome.disconnect(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED, "receive maximum exceeded");
        }
        MessageProperties messageProperties = publish.properties();
        if (messageProperties.responseTopic() != null && !TopicName.isValid(messageProperties.responseTopic())) {
            // [MQTT-3.3.2-13] [MQTT-3.3.2-14] a Response Topic is a topic name, without wildcards
            return Outcome.disconnect(ReasonCode.PROTOCOL_ERROR, "Response Topic is not a topic name");
        }
        this.counters.messageReceived(qos);
        ApplicationMessage message = new ApplicationMessage(topic.value(), ByteBufUtil.getBytes(publish.payload()),
                qos.min(capabilities.maximumQos()), retain && capabilities.retainAvailable(), messageProperties);
        if (mqtt5 && Integer.valueOf(1).equals(messageProperties.payloadFormatIndicator())
                && !Utf8Payloads.isWellFormed(message.payload())) {
            // MQTT 5.0 section 3.3.2.3.2: a payload announced as UTF-8 that is not
            return acknowledgement(qos, packetId, ReasonCode.PAYLOAD_FORMAT_INVALID,
                    reasonStrings.forAcknowledgement("payload is not valid UTF-8", 0));
        }
        if (topic.isDollarTopic() && !capabilities.dollarTopicPublishAllowed()) {
            // [MQTT-4.7.2-1] section 4.7.2: $-topics belong to the broker; clients must not forge $SYS figures
            return refused(qos, packetId, mqtt5, reasonStrings, "topics starting with $ are reserved for the broker");
        }
        if (!this.authorizer.mayPublish(client, topic.value(), qos, retain)) {
            return refused(qos, packetId, mqtt5, reasonStrings, "not authorized to publish to " + topic.value());
        }
        if (message.retain() && !this.router.mayRetain(message)) {
            this.counters.limitHit(LimitReason.RETAINED_MESSAGES);
            if (mqtt5) {
                // 0x97: an administrative limit; the publication is refused whole, so the publisher knows
                return acknowledgement(qos, packetId, ReasonCode.QUOTA_EXCEEDED,
                        reasonStrings.forAcknowledgement("retained message limit reached", 0));
            }
            // MQTT 3.1.1 cannot be told: its subscribers still get the message, it is just not retained
            message = message.with(message.qos(), false);
        }
        return switch (qos) {
            case AT_MOST_ONCE -> {
                this.router.route(message, topic, client);
                yield Outcome.NONE;
            }
            case AT_LEAST_ONCE -> {
                int delivered = this.router.route(message, topic, client, throttle, receipt);
                // [MQTT-4.3.2-4]
                yield Outcome.ack(AckWriter.PUBACK, packetId, matched(delivered), null);
            }
            case EXACTLY_ONCE -> {
                ReasonCode code = ReasonCode.SUCCESS;
                // [MQTT-4.3.3-10] a resend before PUBREL is acknowledged again but not routed again
                if (session.receiveQos2(packetId)) {
                    code = matched(this.router.route(message, topic, client, throttle, receipt));
                    if (session.storageId() != 0) {
                        // the identifier awaiting PUBREL is on disk with the message: a resend after a crash is
                        // recognised
                        receipt.written();
                    }
                }
                // [MQTT-4.3.3-8]
                yield Outcome.ack(AckWriter.PUBREC, packetId, code, null);
            }
        };
    }

    /**
     * Refuse a publication, counted: MQTT 5 says no with 0x87; MQTT 3.1.1 cannot, so the message is acknowledged
     * and discarded.
     */
    private Outcome refused(QoS qos, int packetId, boolean mqtt5, ReasonStrings reasonStrings, String reason) {
        this.counters.messageRefused();
        return acknowledgement(qos, packetId, mqtt5 ? ReasonCode.NOT_AUTHORIZED : ReasonCode.SUCCESS,
                mqtt5 ? reasonStrings.forAcknowledgement(reason, 0) : null);
    }

    private static ReasonCode matched(int delivered) {
        return (delivered == 0) ? ReasonCode.NO_MATCHING_SUBSCRIBERS : ReasonCode.SUCCESS;
    }

    private static Outcome acknowledgement(QoS qos, int packetId, ReasonCode reasonCode,
            @Nullable String reasonString) {
        return switch (qos) {
            case AT_MOST_ONCE -> Outcome.NONE;
            case AT_LEAST_ONCE -> Outcome.ack(AckWriter.PUBACK, packetId, reasonCode, reasonString);
            case EXACTLY_ONCE -> Outcome.ack(AckWriter.PUBREC, packetId, reasonCode, reasonString);
        };
    }

    /**
     * What to send back (an acknowledgement described, not yet encoded), or why to disconnect instead.
     *
     * @param ack {@link AckWriter#PUBACK} or {@link AckWriter#PUBREC}, 0 for no answer
     * @param packetId the packet identifier to acknowledge
     * @param ackCode the acknowledgement's reason code
     * @param reasonString the acknowledgement's reason string, if any
     * @param disconnectReason why to disconnect instead, or {@code null}
     * @param detail the disconnect detail
     */
    record Outcome(int ack, int packetId, ReasonCode ackCode, @Nullable String reasonString,
            @Nullable ReasonCode disconnectReason, @Nullable String detail) {

        static final Outcome NONE = new Outcome(0, 0, ReasonCode.SUCCESS, null, null, null);

        static Outcome ack(int ack, int packetId, ReasonCode ackCode, @Nullable String reasonString) {
            return new Outcome(ack, packetId, ackCode, reasonString, null, null);
        }

        static Outcome disconnect(ReasonCode reasonCode, String detail) {
            return new Outcome(0, 0, ReasonCode.SUCCESS, null, reasonCode, detail);
        }

    }

}
