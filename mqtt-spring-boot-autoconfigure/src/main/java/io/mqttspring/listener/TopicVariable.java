package io.mqttspring.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Binds a listener method parameter to a variable of an {@link MqttListener} topic template: with
 * {@code @MqttListener(topics = "sensors/{room}/temperature")}, {@code @TopicVariable("room") String room} receives
 * the second level of the topic each message arrived on.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TopicVariable {

    /**
     * Alias for {@link #name()}.
     * @return the variable name
     */
    @AliasFor("name")
    String value() default "";

    /**
     * The variable name; the parameter name when empty.
     * @return the variable name
     */
    @AliasFor("value")
    String name() default "";

}
