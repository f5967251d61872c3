package io.mqttspring.listener;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.mqttspring.broker.message.QoS;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanExpressionResolver;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Finds {@link MqttListener} methods on beans, directly annotated or through a meta-annotation, resolves
 * {@code ${...}} placeholders and {@code #{...}} expressions in their attributes, and registers one container per
 * method in the {@link MqttListenerEndpointRegistry} once all singletons exist.
 */
public class MqttListenerAnnotationBeanPostProcessor
        implements BeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton, Ordered {

    private final Map<String, Integer> generatedIds = new ConcurrentHashMap<>();

    private final List<Candidate> candidates = new ArrayList<>();

    private final String registryBeanName;

    private final String containerFactoryBeanName;

    private @Nullable BeanFactory beanFactory;

    private @Nullable BeanExpressionContext expressionContext;

    /**
     * Create a new instance.
     * @param registryBeanName the name of the {@link MqttListenerEndpointRegistry} bean
     * @param containerFactoryBeanName the name of the {@link MqttListenerContainerFactory} bean
     */
    public MqttListenerAnnotationBeanPostProcessor(String registryBeanName, String containerFactoryBeanName) {
        this.registryBeanName = registryBeanName;
        this.containerFactoryBeanName = containerFactoryBeanName;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
        if (beanFactory instanceof ConfigurableBeanFactory configurable) {
            this.expressionContext = new BeanExpressionContext(configurable, null);
        }
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        Class<?> targetClass = AopUtils.getTargetClass(bean);
        Map<Method, MqttListener> methods = MethodIntrospector.selectMethods(targetClass,
                (MethodIntrospector.MetadataLookup<MqttListener>) (method) -> AnnotatedElementUtils
                    .findMergedAnnotation(method, MqttListener.class));
        methods.forEach((method, annotation) -> {
            Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
            synchronized (this.candidates) {
                this.candidates.add(new Candidate(bean, beanName, invocable, method, annotation));
            }
        });
        return bean;
    }

    @Override
    public void afterSingletonsInstantiated() {
        BeanFactory factory = this.beanFactory;
        Assert.state(factory != null, "No BeanFactory");
        List<Candidate> found;
        synchronized (this.candidates) {
            found = List.copyOf(this.candidates);
            this.candidates.clear();
        }
        if (found.isEmpty()) {
            return;
        }
        MqttListenerEndpointRegistry registry = factory.getBean(this.registryBeanName,
                MqttListenerEndpointRegistry.class);
        MqttListenerContainerFactory containerFactory = factory.getBean(this.containerFactoryBeanName,
                MqttListenerContainerFactory.class);
        for (Candidate candidate : found) {
            MqttListenerEndpoint endpoint = endpoint(candidate, containerFactory);
            registry.registerListenerContainer(containerFactory.createContainer(endpoint));
        }
    }

    private MqttListenerEndpoint endpoint(Candidate candidate, MqttListenerContainerFactory defaults) {
        MqttListener annotation = candidate.annotation();
        String id = resolve(annotation.id());
        if (!StringUtils.hasText(id)) {
            // stable across runs and safe in a URL: bean and method, numbered only for a second listener of that name
            String base = candidate.beanName() + "." + candidate.method().getName();
            int seen = this.generatedIds.merge(base, 1, Integer::sum);
            id = (seen == 1) ? base : base + "-" + seen;
        }
        List<TopicTemplate> topics = new ArrayList<>();
        for (String topic : annotation.topics()) {
            topics.add(TopicTemplate.parse(resolve(topic)));
        }
        String listenerId = id;
        Assert.state(!topics.isEmpty(), () -> "@MqttListener '" + listenerId + "' on " + candidate.method()
                + " names no topics");
        QoS qos = QoS.of(Integer.parseInt(resolve(annotation.qos()).trim()));
        String group = resolve(annotation.group());
        String concurrency = resolve(annotation.concurrency());
        String autoStartup = resolve(annotation.autoStartup());
        String errorHandlerName = resolve(annotation.errorHandler());
        MqttListenerErrorHandler errorHandler = StringUtils.hasText(errorHandlerName)
                ? this.beanFactory.getBean(errorHandlerName, MqttListenerErrorHandler.class) : null;
        SendTo sendTo = AnnotatedElementUtils.findMergedAnnotation(candidate.method(), SendTo.class);
        TopicTemplate replyTopic = (sendTo != null && sendTo.value().length > 0)
                ? TopicTemplate.parse(resolve(sendTo.value()[0])) : null;
        return new MqttListenerEndpoint(id, topics, qos, StringUtils.hasText(group) ? group : null,
                StringUtils.hasText(concurrency) ? Integer.parseInt(concurrency.trim())
                        : defaults.getDefaultConcurrency(),
                StringUtils.hasText(autoStartup) ? Boolean.parseBoolean(autoStartup.trim())
                        : defaults.isDefaultAutoStartup(),
                candidate.bean(), candidate.invocableMethod(), errorHandler, replyTopic);
    }

    private String resolve(String value) {
        if (!(this.beanFactory instanceof ConfigurableBeanFactory configurable)) {
            return value;
        }
        String resolved = configurable.resolveEmbeddedValue(value);
        BeanExpressionResolver expressions = configurable.getBeanExpressionResolver();
        if (resolved != null && expressions != null && this.expressionContext != null) {
            Object evaluated = expressions.evaluate(resolved, this.expressionContext);
            return (evaluated != null) ? evaluated.toString() : "";
        }
        return (resolved != null) ? resolved : "";
    }

    private record Candidate(Object bean, String beanName, Method invocableMethod, Method method,
            MqttListener annotation) {
    }

}
