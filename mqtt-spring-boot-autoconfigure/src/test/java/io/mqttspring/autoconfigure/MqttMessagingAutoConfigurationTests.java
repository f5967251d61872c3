package io.mqttspring.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import io.mqttspring.broker.InProcessSubscriber;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.ReceivedMessage;
import io.mqttspring.core.MqttMessageConverter;
import io.mqttspring.core.MqttOperations;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.listener.MqttListenerAnnotationBeanPostProcessor;
import io.mqttspring.listener.MqttListenerContainer;
import io.mqttspring.listener.MqttListenerContainerFactory;
import io.mqttspring.listener.MqttListenerEndpointRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.validation.Validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link MqttMessagingAutoConfiguration}: template, converter, listener infrastructure, their properties
 * and back-off.
 */
class MqttMessagingAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(
                AutoConfigurations.of(MqttBrokerAutoConfiguration.class, MqttMessagingAutoConfiguration.class))
        .withPropertyValues("mqtt.broker.port=0", "mqtt.broker.websocket.port=0", "mqtt.broker.host=127.0.0.1",
                "mqtt.broker.sys-interval=0", "mqtt.broker.io-threads=1", "mqtt.broker.shutdown-timeout=1s");

    @Test
    void messagingInfrastructureIsAutoConfigured() {
        this.runner.run((context) -> {
            assertThat(context).hasSingleBean(MqttTemplate.class)
                .hasSingleBean(MqttMessageConverter.class)
                .hasSingleBean(MqttListenerContainerFactory.class)
                .hasSingleBean(MqttListenerEndpointRegistry.class)
                .hasSingleBean(MqttListenerAnnotationBeanPostProcessor.class)
                .hasBean("mqttHandlerMethodFactory")
                .hasBean(MqttMessagingAutoConfiguration.EXECUTOR_BEAN_NAME)
                .hasBean(MqttMessagingAutoConfiguration.CONTAINER_FACTORY_BEAN_NAME)
                .hasBean(MqttMessagingAutoConfiguration.REGISTRY_BEAN_NAME);
            assertThat(context.getBean(MqttTemplate.class).getConverter())
                .isSameAs(context.getBean(MqttMessageConverter.class));
            assertThat(context.getBean(MqttListenerEndpointRegistry.class).isRunning()).isTrue();
        });
    }

    @Test
    void converterWritesJsonWhenJacksonIsPresent() {
        this.runner.run((context) -> {
            MqttMessageConverter converter = context.getBean(MqttMessageConverter.class);
            MqttMessageConverter.Payload payload = converter.toPayload(new Reading("hall", 21.5),
                    new MessageHeaders(null));
            assertThat(new String(payload.bytes(), StandardCharsets.UTF_8))
                .isEqualTo("{\"room\":\"hall\",\"celsius\":21.5}");
            assertThat(payload.contentType()).startsWith("application/json");
        });
    }

    @Test
    void converterHandlesBytesAndTextOnlyWithoutJackson() {
        this.runner.withClassLoader(new FilteredClassLoader(JsonMapper.class)).run((context) -> {
            assertThat(context).hasSingleBean(MqttMessageConverter.class).hasBean("mqttMessageConverter");
            MqttMessageConverter converter = context.getBean(MqttMessageConverter.class);
            MessageHeaders none = new MessageHeaders(null);
            assertThat(converter.toPayload("héllo", none).bytes())
                .isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
            assertThat(converter.toPayload(new byte[] { 1, 2, 3 }, none).bytes()).containsExactly(1, 2, 3);
            assertThatExceptionOfType(MessageConversionException.class)
                .isThrownBy(() -> converter.toPayload(new Reading("hall", 21.5), none));
        });
    }

    @Test
    void applicationJsonMapperIsUsed() {
        this.runner
            .withBean(JsonMapper.class,
                    () -> JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build())
            .run((context) -> {
                MqttMessageConverter converter = context.getBean(MqttMessageConverter.class);
                byte[] json = converter.toPayload(new RoomName("Main Hall"), new MessageHeaders(null)).bytes();
                assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"room_name\":\"Main Hall\"}");
            });
    }

    @Test
    void userDefinedConverterBacksOffBothVariants() {
        MqttMessageConverter own = new MqttMessageConverter(
                new CompositeMessageConverter(List.<MessageConverter>of(new org.springframework.messaging.converter.ByteArrayMessageConverter())));
        this.runner.withBean("ownConverter", MqttMessageConverter.class, () -> own).run((context) -> {
            assertThat(context).hasSingleBean(MqttMessageConverter.class);
            assertThat(context.getBean(MqttTemplate.class).getConverter()).isSameAs(own);
        });
    }

    @Test
    void userDefinedOperationsBacksOffTheTemplate() {
        MqttOperations own = mock(MqttOperations.class);
        this.runner.withBean(MqttOperations.class, () -> own).run((context) -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(MqttTemplate.class);
            assertThat(context.getBean(MqttOperations.class)).isSameAs(own);
            assertThat(context.getBean(MqttListenerContainerFactory.class)).extracting("replies").isSameAs(own);
        });
    }

    @Test
    void userDefinedHandlerMethodFactoryBacksOff() {
        DefaultMessageHandlerMethodFactory own = new DefaultMessageHandlerMethodFactory();
        own.afterPropertiesSet();
        this.runner.withBean("mqttHandlerMethodFactory", MessageHandlerMethodFactory.class, () -> own)
            .run((context) -> {
                assertThat(context.getBean("mqttHandlerMethodFactory")).isSameAs(own);
                assertThat(context.getBean(MqttListenerContainerFactory.class)).extracting("methodFactory")
                    .isSameAs(own);
            });
    }

    @Test
    void userDefinedListenerExecutorBacksOffAndRunsListeners() {
        this.runner.withBean(MqttMessagingAutoConfiguration.EXECUTOR_BEAN_NAME, Executor.class, NamedExecutor::new)
            .withUserConfiguration(SimpleListener.class)
            .run((context) -> {
                assertThat(context.getBean(MqttMessagingAutoConfiguration.EXECUTOR_BEAN_NAME))
                    .isInstanceOf(NamedExecutor.class);
                assertThat(context).doesNotHaveBean(ThreadPoolTaskExecutor.class);
                context.getBean(MqttTemplate.class).publish("simple/topic", "hi").join();
                await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(context.getBean(SimpleListener.class).threads)
                        .singleElement()
                        .asString()
                        .startsWith("own-executor-"));
            });
    }

    @Test
    void userDefinedContainerFactoryAndRegistryBackOff() {
        this.runner
            .withBean(MqttMessagingAutoConfiguration.CONTAINER_FACTORY_BEAN_NAME, MqttListenerContainerFactory.class,
                    () -> mock(MqttListenerContainerFactory.class))
            .withBean("ownRegistry", MqttListenerEndpointRegistry.class, MqttListenerEndpointRegistry::new)
            .run((context) -> {
                assertThat(context).hasSingleBean(MqttListenerContainerFactory.class)
                    .hasSingleBean(MqttListenerEndpointRegistry.class)
                    .hasBean("ownRegistry")
                    .doesNotHaveBean(MqttMessagingAutoConfiguration.REGISTRY_BEAN_NAME);
            });
    }

    @Test
    void listenerExecutorIsABoundedPoolConfiguredByProperties() {
        this.runner
            .withPropertyValues("mqtt.listener.executor.pool-size=3", "mqtt.listener.shutdown-timeout=2s")
            .run((context) -> {
                ThreadPoolTaskExecutor executor = context.getBean(MqttMessagingAutoConfiguration.EXECUTOR_BEAN_NAME,
                        ThreadPoolTaskExecutor.class);
                assertThat(executor.getCorePoolSize()).isEqualTo(3);
                assertThat(executor.getMaxPoolSize()).isEqualTo(3);
                assertThat(executor.getThreadNamePrefix()).isEqualTo("mqtt-listener-");
                assertThat(executor).extracting("awaitTerminationMillis").isEqualTo(2000L);
                assertThat(context.getBean(MqttListenerContainerFactory.class)).extracting("shutdownTimeout")
                    .isEqualTo(Duration.ofSeconds(2));
            });
    }

    @Test
    void listenerExecutorPoolSizeDefaultsToTwiceTheProcessorsAndAtLeastFour() {
        this.runner.run((context) -> {
            ThreadPoolTaskExecutor executor = context.getBean(MqttMessagingAutoConfiguration.EXECUTOR_BEAN_NAME,
                    ThreadPoolTaskExecutor.class);
            assertThat(executor.getMaxPoolSize())
                .isEqualTo(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
        });
    }

    @Test
    @EnabledForJreRange(max = JRE.JAVA_20)
    void virtualThreadsAreIgnoredBeforeJava21() {
        this.runner.withPropertyValues("spring.threads.virtual.enabled=true")
            .run((context) -> assertThat(context.getBean(MqttMessagingAutoConfiguration.EXECUTOR_BEAN_NAME))
                .isInstanceOf(ThreadPoolTaskExecutor.class));
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void virtualThreadsRunListenersFromJava21() {
        this.runner.withPropertyValues("spring.threads.virtual.enabled=true")
            .run((context) -> assertThat(context.getBean(MqttMessagingAutoConfiguration.EXECUTOR_BEAN_NAME))
                .isInstanceOf(SimpleAsyncTaskExecutor.class));
    }

    @Test
    void listenerDefaultsComeFromProperties() {
        this.runner.withPropertyValues("mqtt.listener.concurrency=3", "mqtt.listener.auto-startup=false")
            .withUserConfiguration(SimpleListener.class)
            .run((context) -> {
                MqttListenerContainerFactory factory = context.getBean(MqttListenerContainerFactory.class);
                assertThat(factory.getDefaultConcurrency()).isEqualTo(3);
                assertThat(factory.isDefaultAutoStartup()).isFalse();
                MqttListenerContainer container = context.getBean(MqttListenerEndpointRegistry.class)
                    .getListenerContainer("simple");
                assertThat(container).isNotNull();
                assertThat(container.getEndpoint().concurrency()).isEqualTo(3);
                assertThat(container.getEndpoint().autoStartup()).isFalse();
                assertThat(container.isRunning()).isFalse();
            });
    }

    @Test
    void listenerDefaultsMatchTheDocumentedDefaults() {
        this.runner.run((context) -> {
            MqttListenerContainerFactory factory = context.getBean(MqttListenerContainerFactory.class);
            assertThat(factory.getDefaultConcurrency()).isEqualTo(1);
            assertThat(factory.isDefaultAutoStartup()).isTrue();
            assertThat(factory).extracting("shutdownTimeout").isEqualTo(Duration.ofSeconds(10));
        });
    }

    @Test
    void templatePublishesWithTheDefaultQosOfOneUnlessConfigured() {
        this.runner.run((context) -> assertThat(receivedQos(context.getBean(MqttBroker.class),
                context.getBean(MqttTemplate.class), "qos/default")).isEqualTo(QoS.AT_LEAST_ONCE));
        this.runner.withPropertyValues("mqtt.template.default-qos=0")
            .run((context) -> assertThat(receivedQos(context.getBean(MqttBroker.class),
                    context.getBean(MqttTemplate.class), "qos/zero")).isEqualTo(QoS.AT_MOST_ONCE));
        this.runner.withPropertyValues("mqtt.template.default-qos=exactly-once")
            .run((context) -> assertThat(receivedQos(context.getBean(MqttBroker.class),
                    context.getBean(MqttTemplate.class), "qos/two")).isEqualTo(QoS.EXACTLY_ONCE));
    }

    @Test
    void requestsCarryAResponseTopicUnderTheConfiguredPrefix() {
        this.runner.withPropertyValues("mqtt.template.reply-topic-prefix=custom/answers/").run((context) -> {
            MqttBroker broker = context.getBean(MqttBroker.class);
            List<ReceivedMessage> requests = new CopyOnWriteArrayList<>();
            InProcessSubscriber subscriber = broker.subscribe("svc/prefix", QoS.AT_LEAST_ONCE, requests::add);
            try {
                CompletableFuture<String> reply = context.getBean(MqttTemplate.class)
                    .request("svc/prefix", "ping", String.class, Duration.ofMillis(300));
                await().atMost(Duration.ofSeconds(10)).until(() -> !requests.isEmpty());
                assertThat(requests.get(0).message().properties().responseTopic()).startsWith("custom/answers/");
                assertThat(requests.get(0).message().properties().correlationData()).isNotEmpty();
                assertThat(reply).failsWithin(Duration.ofSeconds(10));
            }
            finally {
                subscriber.close();
            }
        });
    }

    @Test
    void validatorIsAppliedToListenerPayloadsWhenPresent() {
        this.runner.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .run((context) -> assertThat(context.getBean("mqttHandlerMethodFactory"))
                .extracting("validator")
                .isNotNull()
                .isInstanceOf(Validator.class));
    }

    @Test
    void backsOffWhenTheBrokerIsDisabled() {
        this.runner.withPropertyValues("mqtt.broker.enabled=false")
            .run((context) -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(MqttOperations.class)
                .doesNotHaveBean(MqttMessageConverter.class)
                .doesNotHaveBean(MqttListenerEndpointRegistry.class)
                .doesNotHaveBean(MqttListenerContainerFactory.class)
                .doesNotHaveBean(MqttMessagingAutoConfiguration.EXECUTOR_BEAN_NAME));
    }

    @Test
    void backsOffWithoutSpringMessaging() {
        this.runner.withClassLoader(new FilteredClassLoader(MessageConverter.class))
            .run((context) -> assertThat(context).hasNotFailed()
                .hasSingleBean(MqttBroker.class)
                .doesNotHaveBean(MqttOperations.class)
                .doesNotHaveBean(MqttListenerEndpointRegistry.class));
    }

    private static QoS receivedQos(MqttBroker broker, MqttTemplate template, String topic) {
        List<ReceivedMessage> received = new CopyOnWriteArrayList<>();
        InProcessSubscriber subscriber = broker.subscribe(topic, QoS.EXACTLY_ONCE, received::add);
        try {
            template.publish(topic, "payload").join();
            await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
            return received.get(0).message().qos();
        }
        finally {
            subscriber.close();
        }
    }

    record Reading(String room, double celsius) {
    }

    record RoomName(String roomName) {
    }

    static class SimpleListener {

        final List<String> threads = new CopyOnWriteArrayList<>();

        @MqttListener(id = "simple", topics = "simple/topic")
        void onMessage(String payload) {
            this.threads.add(Thread.currentThread().getName());
        }

    }

    static class NamedExecutor implements Executor {

        private final SimpleAsyncTaskExecutor delegate = new SimpleAsyncTaskExecutor("own-executor-");

        @Override
        public void execute(Runnable command) {
            this.delegate.execute(command);
        }

    }

}
