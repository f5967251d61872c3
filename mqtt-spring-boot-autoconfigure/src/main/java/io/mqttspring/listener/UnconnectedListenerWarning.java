package io.mqttspring.listener;

import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Says, once, that the application has {@code @MqttListener} methods but no MQTT connection for them: the embedded
 * broker is off and client mode is not on, so they would otherwise stay silent.
 */
public final class UnconnectedListenerWarning implements BeanPostProcessor {

    private static final Log logger = LogFactory.getLog(UnconnectedListenerWarning.class);

    private final AtomicBoolean warned = new AtomicBoolean();

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (this.warned.get()) {
            return bean;
        }
        ReflectionUtils.doWithMethods(AopUtils.getTargetClass(bean), (method) -> {
            if (AnnotatedElementUtils.hasAnnotation(method, MqttListener.class)
                    && this.warned.compareAndSet(false, true)) {
                logger.warn("@MqttListener methods (" + beanName + "." + method.getName() + ", ...) will receive "
                        + "nothing: there is no MQTT connection, as mqtt.broker.enabled=false and mqtt.client.url is "
                        + "not set");
            }
        });
        return bean;
    }

}
