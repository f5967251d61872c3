package io.mqttspring.listener;

import java.util.List;

import io.mqttspring.autoconfigure.MqttBrokerAutoConfiguration;
import io.mqttspring.autoconfigure.MqttMessagingAutoConfiguration;
import io.mqttspring.broker.message.QoS;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MqttListenerAnnotationBeanPostProcessor}: how annotations become endpoints, and what is refused
 * at start-up.
 */
class MqttListenerAnnotationBeanPostProcessorTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(
                AutoConfigurations.of(MqttBrokerAutoConfiguration.class, MqttMessagingAutoConfiguration.class))
        .withPropertyValues("mqtt.broker.port=0", "mqtt.broker.websocket.port=0", "mqtt.broker.host=127.0.0.1",
                "mqtt.broker.sys-interval=0", "mqtt.broker.io-threads=1", "mqtt.broker.shutdown-timeout=1s");

    @Test
    void annotationAttributesBecomeTheEndpoint() {
        this.runner.withBean("attributes", Attributes.class, Attributes::new).run((context) -> {
            MqttListenerEndpoint endpoint = context.getBean(MqttListenerEndpointRegistry.class)
                .getListenerContainer("full")
                .getEndpoint();
            assertThat(endpoint.topics()).extracting(TopicTemplate::template)
                .containsExactly("a/{x}", "b/#");
            assertThat(endpoint.subscriptionFilters()).containsExactly("$share/g/a/+", "$share/g/b/#");
            assertThat(endpoint.qos()).isEqualTo(QoS.AT_MOST_ONCE);
            assertThat(endpoint.group()).isEqualTo("g");
            assertThat(endpoint.concurrency()).isEqualTo(5);
            assertThat(endpoint.autoStartup()).isFalse();
            assertThat(endpoint.replyTopic()).isNotNull()
                .extracting(TopicTemplate::template)
                .isEqualTo("out/{x}");
            assertThat(endpoint.method().getName()).isEqualTo("full");
        });
    }

    @Test
    void listenersOnProxiedBeansAreFound() {
        this.runner.withUserConfiguration(ProxyConfiguration.class).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(MqttListenerEndpointRegistry.class).getListenerContainerIds())
                .contains("proxied");
            context.getBean(io.mqttspring.core.MqttTemplate.class).publish("proxied/topic", "through a proxy").join();
            org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(context.getBean(ProxyConfiguration.class).target.received)
                    .containsExactly("through a proxy"));
        });
    }

    @Test
    void beansWithoutListenersAreLeftAlone() {
        this.runner.withBean("plain", Object.class, Object::new)
            .run((context) -> assertThat(context.getBean(MqttListenerEndpointRegistry.class).getListenerContainers())
                .isEmpty());
    }

    @Test
    void duplicateIdsFailStartup() {
        this.runner.withBean("duplicates", Duplicates.class, Duplicates::new).run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("same");
        });
    }

    @Test
    void listenerWithoutTopicsFailsStartup() {
        this.runner.withBean("noTopics", NoTopics.class, NoTopics::new).run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("names no topics");
        });
    }

    @Test
    void variableThatDoesNotFillALevelFailsStartup() {
        this.runner.withBean("badTemplate", BadTemplate.class, BadTemplate::new).run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("must fill a whole level");
        });
    }

    @Test
    void unknownErrorHandlerFailsStartup() {
        this.runner.withBean("unknownHandler", UnknownErrorHandler.class, UnknownErrorHandler::new)
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).hasStackTraceContaining("noSuchHandler");
            });
    }

    @Test
    void invalidQosFailsStartup() {
        this.runner.withBean("badQos", BadQos.class, BadQos::new).run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("QoS must be 0, 1 or 2");
        });
    }

    static class Attributes {

        @MqttListener(id = "full", topics = { "a/{x}", "b/#" }, qos = "0", group = "g", concurrency = "5",
                autoStartup = "false")
        @org.springframework.messaging.handler.annotation.SendTo("out/{x}")
        String full(String payload) {
            return payload;
        }

    }

    interface ProxiedListener {

        void on(String payload);

    }

    static class ProxiedListenerImpl implements ProxiedListener {

        final List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        @MqttListener(id = "proxied", topics = "proxied/topic")
        public void on(String payload) {
            this.received.add(payload);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ProxyConfiguration {

        final ProxiedListenerImpl target = new ProxiedListenerImpl();

        @Bean
        ProxiedListener proxied() {
            ProxyFactory factory = new ProxyFactory(this.target);
            factory.addInterface(ProxiedListener.class);
            return (ProxiedListener) factory.getProxy();
        }

    }

    static class Duplicates {

        @MqttListener(id = "same", topics = "a")
        void one(String payload) {
        }

        @MqttListener(id = "same", topics = "b")
        void two(String payload) {
        }

    }

    static class NoTopics {

        @MqttListener(id = "none")
        void none(String payload) {
        }

    }

    static class BadTemplate {

        @MqttListener("sensors/room-{id}/temperature")
        void bad(String payload) {
        }

    }

    static class UnknownErrorHandler {

        @MqttListener(topics = "a", errorHandler = "noSuchHandler")
        void on(String payload) {
        }

    }

    static class BadQos {

        @MqttListener(topics = "a", qos = "3")
        void on(String payload) {
        }

    }

}
