package io.mqttspring.autoconfigure.security;

import io.mqttspring.autoconfigure.MqttAuthenticatorPostProcessor;
import io.mqttspring.autoconfigure.MqttBrokerAutoConfiguration;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.security.UserDirectory;
import io.mqttspring.security.AuthenticationManagerUsers;
import io.mqttspring.security.JwtAuthenticator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Lets the application's Spring Security authenticate MQTT clients: its {@link AuthenticationManager} (or, without
 * one, its {@link UserDetailsService} with its {@link PasswordEncoder}) checks user names and passwords after the
 * users of {@code mqtt.broker.security.*}, and its {@link JwtDecoder} checks passwords that are JWTs, the
 * connection ending when the token expires. Off with {@code mqtt.broker.security.spring-security.enabled=false}; an
 * {@code Authenticator} bean replaces the user checks but not the token check.
 */
@AutoConfiguration(before = MqttBrokerAutoConfiguration.class,
        afterName = { "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
                "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet."
                        + "OAuth2ResourceServerAutoConfiguration" })
@ConditionalOnClass({ MqttBroker.class, AuthenticationManager.class })
@ConditionalOnBooleanProperty(name = "mqtt.broker.security.spring-security.enabled", matchIfMissing = true)
public final class MqttSpringSecurityAutoConfiguration {

    @Bean
    @ConditionalOnBean(AuthenticationManager.class)
    UserDirectory mqttAuthenticationManagerUsers(AuthenticationManager authenticationManager) {
        return new AuthenticationManagerUsers(authenticationManager);
    }

    @Bean
    @ConditionalOnBean(UserDetailsService.class)
    @ConditionalOnMissingBean(AuthenticationManager.class)
    UserDirectory mqttUserDetailsUsers(UserDetailsService userDetailsService,
            ObjectProvider<PasswordEncoder> passwordEncoder) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(userDetailsService);
        passwordEncoder.ifAvailable(provider::setPasswordEncoder);
        return new AuthenticationManagerUsers(new ProviderManager(provider));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JwtDecoder.class)
    @ConditionalOnBean(JwtDecoder.class)
    static class JwtAuthentication {

        @Bean
        MqttAuthenticatorPostProcessor mqttJwtAuthentication(JwtDecoder decoder) {
            return (next) -> new JwtAuthenticator(decoder, next);
        }

    }

}
