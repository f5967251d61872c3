package io.mqttspring.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import io.micrometer.observation.ObservationRegistry;
import io.mqttspring.autoconfigure.client.MqttClientAutoConfiguration;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.core.ByteBufferMessageConverter;
import io.mqttspring.core.MqttConnection;
import io.mqttspring.core.MqttMessageConverter;
import io.mqttspring.core.MqttOperations;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.core.ScalarMessageConverter;
import io.mqttspring.core.TextMessageConverter;
import io.mqttspring.listener.MqttListenerAnnotationBeanPostProcessor;
import io.mqttspring.listener.MqttListenerContainerFactory;
import io.mqttspring.listener.MqttListenerEndpointRegistry;
import io.mqttspring.listener.adapter.TopicVariableMethodArgumentResolver;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.validation.Validator;

/**
 * Auto-configuration of messaging on the application's {@link MqttConnection} (the embedded broker, or in client mode
 * a broker over the network): the {@link MqttTemplate}, payload conversion and {@code @MqttListener} methods with
 * their registry and executor.
 */
@AutoConfiguration(after = { MqttBrokerAutoConfiguration.class, MqttClientAutoConfiguration.class })
@ConditionalOnClass({ MqttBroker.class, MessageConverter.class })
@ConditionalOnBean(MqttConnection.class)
@EnableConfigurationProperties({ MqttListenerProperties.class, MqttTemplateProperties.class })
@Import(MqttMessagingAutoConfiguration.JacksonConverterConfiguration.class)
public final class MqttMessagingAutoConfiguration {

    /** Name of the listener endpoint registry bean. */
    public static final String REGISTRY_BEAN_NAME = "mqttListenerEndpointRegistry";

    /** Name of the listener container factory bean. */
    public static final String CONTAINER_FACTORY_BEAN_NAME = "mqttListenerContainerFactory";

    /** Name of the executor listener methods run on. */
    public static final String EXECUTOR_BEAN_NAME = "mqttListenerExecutor";

    // declared here rather than in a nested class, so it is registered after the Jackson variant and backs off
    @Bean
    @ConditionalOnMissingBean
    MqttMessageConverter mqttMessageConverter() {
        return new MqttMessageConverter(new CompositeMessageConverter(baseConverters()));
    }

    @Bean
    @ConditionalOnMissingBean(MqttOperations.class)
    MqttTemplate mqttTemplate(MqttConnection connection, MqttMessageConverter converter,
            MqttTemplateProperties properties, ObjectProvider<ObservationRegistry> observationRegistry) {
        MqttTemplate template = new MqttTemplate(connection, converter);
        if (properties.isObservationEnabled()) {
            observationRegistry.ifAvailable(template::setObservationRegistry);
        }
        template.setDefaultQos(properties.getDefaultQos());
        template.setReplyTopicPrefix(properties.getReplyTopicPrefix());
        return template;
    }

    @Bean
    @ConditionalOnMissingBean(name = "mqttHandlerMethodFactory")
    MessageHandlerMethodFactory mqttHandlerMethodFactory(MqttMessageConverter converter,
            ObjectProvider<Validator> validator) {
        DefaultMessageHandlerMethodFactory factory = new DefaultMessageHandlerMethodFactory();
        factory.setMessageConverter(converter.getPayloadConverter());
        validator.ifUnique(factory::setValidator);
        factory.setCustomArgumentResolvers(List.of(new TopicVariableMethodArgumentResolver()));
        factory.afterPropertiesSet();
        return factory;
    }

    @Bean(name = EXECUTOR_BEAN_NAME)
    @ConditionalOnMissingBean(name = EXECUTOR_BEAN_NAME)
    @ConditionalOnThreading(Threading.PLATFORM)
    ThreadPoolTaskExecutor mqttListenerExecutor(MqttListenerProperties properties) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setThreadNamePrefix("mqtt-listener-");
        executor.setCorePoolSize(properties.getExecutor().getPoolSize());
        executor.setMaxPoolSize(properties.getExecutor().getPoolSize());
        // listener containers stop, and finish their work, after the context-closed event
        executor.setAcceptTasksAfterContextClose(true);
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationMillis(properties.getShutdownTimeout().toMillis());
        return executor;
    }

    @Bean(name = EXECUTOR_BEAN_NAME)
    @ConditionalOnMissingBean(name = EXECUTOR_BEAN_NAME)
    @ConditionalOnThreading(Threading.VIRTUAL)
    SimpleAsyncTaskExecutor mqttListenerVirtualThreadExecutor() {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("mqtt-listener-");
        executor.setVirtualThreads(true);
        return executor;
    }

    @Bean(name = CONTAINER_FACTORY_BEAN_NAME)
    @ConditionalOnMissingBean(name = CONTAINER_FACTORY_BEAN_NAME)
    MqttListenerContainerFactory mqttListenerContainerFactory(MqttConnection connection,
            MqttMessageConverter converter,
            MqttOperations template, MessageHandlerMethodFactory mqttHandlerMethodFactory,
            MqttListenerProperties properties, BeanFactory beanFactory,
            ObjectProvider<ObservationRegistry> observationRegistry) {
        Executor executor = beanFactory.getBean(EXECUTOR_BEAN_NAME, Executor.class);
        MqttListenerContainerFactory factory = new MqttListenerContainerFactory(connection, converter, template,
                mqttHandlerMethodFactory, executor);
        factory.setDefaultConcurrency(properties.getConcurrency());
        factory.setDefaultAutoStartup(properties.isAutoStartup());
        factory.setShutdownTimeout(properties.getShutdownTimeout());
        if (properties.isObservationEnabled()) {
            observationRegistry.ifAvailable(factory::setObservationRegistry);
        }
        return factory;
    }

    @Bean(name = REGISTRY_BEAN_NAME)
    @ConditionalOnMissingBean
    MqttListenerEndpointRegistry mqttListenerEndpointRegistry() {
        return new MqttListenerEndpointRegistry();
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static MqttListenerAnnotationBeanPostProcessor mqttListenerAnnotationBeanPostProcessor() {
        return new MqttListenerAnnotationBeanPostProcessor(REGISTRY_BEAN_NAME, CONTAINER_FACTORY_BEAN_NAME);
    }

    static List<MessageConverter> baseConverters() {
        List<MessageConverter> converters = new ArrayList<>();
        converters.add(new ByteArrayMessageConverter());
        converters.add(new ByteBufferMessageConverter());
        converters.add(new TextMessageConverter());
        converters.add(new ScalarMessageConverter());
        return converters;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JsonMapper.class)
    static class JacksonConverterConfiguration {

        @Bean
        @ConditionalOnMissingBean
        MqttMessageConverter mqttJsonMessageConverter(ObjectProvider<JsonMapper> jsonMapper) {
            List<MessageConverter> converters = baseConverters();
            JsonMapper mapper = jsonMapper.getIfAvailable(JsonMapper::new);
            converters.add(new JacksonJsonMessageConverter(mapper));
            return new MqttMessageConverter(new CompositeMessageConverter(converters));
        }

    }

}
