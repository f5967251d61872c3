package io.mqttspring.autoconfigure;

import io.mqttspring.broker.MqttBroker;
import io.mqttspring.core.EmbeddedMqttConnection;
import io.mqttspring.core.MqttConnection;
import io.mqttspring.broker.config.BrokerConfig;
import io.micrometer.observation.ObservationRegistry;
import io.mqttspring.broker.metrics.BrokerListener;
import io.mqttspring.core.observation.MqttBrokerObservations;
import io.mqttspring.broker.persistence.RetainedMessageStore;
import io.mqttspring.broker.persistence.SessionStore;
import io.mqttspring.broker.security.Authenticator;
import io.mqttspring.broker.security.Authorizer;
import io.mqttspring.broker.security.EnhancedAuthenticator;
import io.mqttspring.broker.security.UserDirectory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Auto-configuration of the embedded MQTT broker: built from {@code mqtt.broker.*} properties, customizers and the
 * extension-point beans the application defines (authentication, authorization, stores, listeners), and started
 * and stopped with the application context.
 */
@AutoConfiguration
@ConditionalOnClass(MqttBroker.class)
@Conditional(EmbeddedBrokerCondition.class)
@EnableConfigurationProperties(MqttBrokerProperties.class)
public final class MqttBrokerAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MqttBroker mqttBroker(MqttBrokerProperties properties, ObjectProvider<MqttBrokerCustomizer> customizers,
            ObjectProvider<Authenticator> authenticator, ObjectProvider<Authorizer> authorizer,
            ObjectProvider<EnhancedAuthenticator> enhancedAuthenticators, ObjectProvider<SessionStore> sessionStore,
            ObjectProvider<RetainedMessageStore> retainedStore, ObjectProvider<BrokerListener> listeners,
            ObjectProvider<SslBundles> sslBundles, ObjectProvider<UserDirectory> userDirectories,
            ObjectProvider<MqttAuthenticatorPostProcessor> authenticatorPostProcessors,
            ObjectProvider<ObservationRegistry> observationRegistry) {
        MqttBrokerConfigurer configurer = new MqttBrokerConfigurer(properties, sslBundles.getIfAvailable());
        // the properties alone first, so a bad value is reported under its property name ...
        BrokerConfig.Builder fromProperties = BrokerConfig.builder();
        configurer.configure(fromProperties);
        configurer.build(fromProperties);
        // ... and a value a customizer sets is reported as the engine setting it is
        BrokerConfig.Builder config = BrokerConfig.builder();
        configurer.configure(config);
        customizers.orderedStream().forEach((customizer) -> customizer.customize(config));
        MqttBroker.Builder broker = MqttBroker.builder().config(config.build());
        // an Authenticator bean first; otherwise users from mqtt.broker.security.* and UserDirectory beans
        Authenticator users = PropertiesSecurity.authenticator(properties.getSecurity(),
                userDirectories.orderedStream().toList());
        Authenticator chosen = authenticator.getIfAvailable(() -> (users != null) ? users : Authenticator.ALLOW_ALL);
        for (MqttAuthenticatorPostProcessor postProcessor : authenticatorPostProcessors.orderedStream().toList()) {
            chosen = postProcessor.postProcess(chosen);
        }
        broker.authenticator(chosen);
        Authorizer rules = PropertiesSecurity.authorizer(properties.getSecurity());
        broker.authorizer(authorizer.getIfAvailable(() -> (rules != null) ? rules : Authorizer.ALLOW_ALL));
        enhancedAuthenticators.orderedStream().forEach(broker::enhancedAuthenticator);
        sessionStore.ifAvailable(broker::sessionStore);
        retainedStore.ifAvailable(broker::retainedMessageStore);
        listeners.orderedStream().forEach(broker::listener);
        if (properties.isObservationEnabled()) {
            observationRegistry.ifAvailable((registry) -> broker.listener(new MqttBrokerObservations(registry)));
        }
        customizers.orderedStream().forEach((customizer) -> customizer.customize(broker));
        return broker.build();
    }

    @Bean
    @ConditionalOnMissingBean(MqttConnection.class)
    @ConditionalOnBean(MqttBroker.class)
    EmbeddedMqttConnection mqttConnection(MqttBroker broker) {
        return new EmbeddedMqttConnection(broker);
    }

    @Bean
    @ConfigurationPropertiesBinding
    static QoSConverter mqttQosConverter() {
        return new QoSConverter();
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(MqttBroker.class)
    MqttBrokerLifecycle mqttBrokerLifecycle(MqttBroker broker, ApplicationContext applicationContext) {
        return new MqttBrokerLifecycle(broker, applicationContext);
    }

}
