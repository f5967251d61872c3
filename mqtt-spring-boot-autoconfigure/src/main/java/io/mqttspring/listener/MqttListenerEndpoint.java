package io.mqttspring.listener;

import java.lang.reflect.Method;
import java.util.List;

import io.mqttspring.broker.message.QoS;
import io.mqttspring.core.dispatch.MqttMessageDispatcher;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * Everything about one listener: what it subscribes to and which method receives the messages. Built from
 * {@link MqttListener} annotations, or by hand for programmatic registration.
 *
 * @param id the listener id
 * @param topics the topic templates
 * @param qos the maximum QoS of the subscriptions
 * @param group the shared subscription group, or {@code null}
 * @param concurrency how many messages (of different topics) may be processed at once
 * @param autoStartup whether the listener starts with the context
 * @param bean the bean the method belongs to
 * @param method the method
 * @param errorHandler the listener's error handler, or {@code null}
 * @param replyTopic the {@code @SendTo} topic template, or {@code null}
 */
public record MqttListenerEndpoint(String id, List<TopicTemplate> topics, QoS qos, @Nullable String group,
        int concurrency, boolean autoStartup, Object bean, Method method,
        @Nullable MqttListenerErrorHandler errorHandler, @Nullable TopicTemplate replyTopic) {

    public MqttListenerEndpoint {
        Assert.hasText(id, "'id' must not be empty");
        Assert.notEmpty(topics, () -> "Listener '" + id + "' needs at least one topic");
        Assert.notNull(qos, "'qos' must not be null");
        Assert.isTrue(concurrency >= 1, () -> "Listener '" + id + "' needs a concurrency of at least 1");
        topics = List.copyOf(topics);
    }

    /**
     * Return the filters to subscribe to, with the share prefix when the listener belongs to a group.
     * @return the subscription filters
     */
    public List<String> subscriptionFilters() {
        return this.topics.stream()
            .map((topic) -> MqttMessageDispatcher.Subscription.subscriptionFilter(topic.filter(), this.group))
            .toList();
    }

}
