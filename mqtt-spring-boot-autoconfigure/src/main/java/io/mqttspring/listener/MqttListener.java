package io.mqttspring.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Marks a bean method as a listener for messages of the embedded broker. The method receives every message
 * published to a matching topic, by network clients or in-process, with the semantics a network subscriber gets
 * (QoS, retained messages on subscribe, ordering).
 * <p>Topics are MQTT topic filters ({@code +} and {@code #} wildcards) or templates such as
 * {@code sensors/{room}/temperature}, where each {@code {name}} fills one level and binds to a parameter annotated
 * {@link TopicVariable @TopicVariable("name")}. Parameters may be the payload (converted: {@code byte[]},
 * {@code String}, {@code ByteBuffer}, or any type through the message converters, JSON by default), the whole
 * {@code Message<T>}, or headers ({@code @Header(MqttHeaders.RECEIVED_TOPIC)}; see
 * {@link io.mqttspring.core.MqttHeaders}). A non-void return value is published as the reply: to the request's MQTT
 * 5 Response Topic with its Correlation Data, or else to the topic of a {@code @SendTo} annotation.
 * <p>Every attribute accepts {@code ${...}} placeholders. The annotation works as a meta-annotation.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface MqttListener {

    /**
     * Alias for {@link #topics()}.
     * @return the topic filters or templates
     */
    @AliasFor("topics")
    String[] value() default {};

    /**
     * The topic filters or templates to subscribe to.
     * @return the topic filters or templates
     */
    @AliasFor("value")
    String[] topics() default {};

    /**
     * The maximum QoS of the subscriptions: 0, 1 or 2. A QoS 1 or 2 message counts as delivered when the method
     * returns.
     * @return the QoS
     */
    String qos() default "1";

    /**
     * A shared subscription group: with one, the topics are subscribed as {@code $share/{group}/{filter}} and each
     * message goes to one member of the group only (across instances of the application and network clients).
     * @return the group name, or empty for ordinary subscriptions
     */
    String group() default "";

    /**
     * The listener's id in the {@link MqttListenerEndpointRegistry}; when empty, {@code beanName.methodName}
     * ({@code beanName.methodName-2} for a second listener method of that name).
     * @return the id
     */
    String id() default "";

    /**
     * Whether the listener starts with the application context; {@code mqtt.listener.auto-startup} when empty.
     * @return {@code true}, {@code false} or empty
     */
    String autoStartup() default "";

    /**
     * How many messages the listener may process at once. Messages of one topic are always processed in order;
     * with more than one, different topics are processed in parallel. {@code mqtt.listener.concurrency} when
     * empty.
     * @return the concurrency
     */
    String concurrency() default "";

    /**
     * The name of a {@link MqttListenerErrorHandler} bean for this listener's failures.
     * @return the bean name, or empty for the container's default handling
     */
    String errorHandler() default "";

}
