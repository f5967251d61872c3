package io.mqttspring.broker.protocol;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

import io.mqttspring.broker.config.BrokerConfig;
import io.mqttspring.broker.core.BrokerClock;
import io.mqttspring.broker.stats.BrokerCounters;
import io.mqttspring.broker.metrics.BrokerListener;
import io.mqttspring.broker.routing.MessageRouter;
import io.mqttspring.broker.security.Authenticator;
import io.mqttspring.broker.security.Authorizer;
import io.mqttspring.broker.security.EnhancedAuthenticator;
import io.mqttspring.broker.session.SessionRegistry;
import io.mqttspring.broker.will.WillTracker;

/**
 * What every connection of one broker shares. Built once by the broker.
 *
 * @param config the configuration
 * @param sessions the session registry
 * @param router the publish path
 * @param authenticator decides who may connect
 * @param enhancedAuthenticators MQTT 5 enhanced authentication methods by name
 * @param authenticationExecutor where a blocking authenticator runs
 * @param authorizer decides what clients may do
 * @param counters the broker counters
 * @param listener the broker listener
 * @param clock the clock timeouts and keep-alive are measured with
 * @param wills told of clients' wills, for the other nodes of a cluster
 */
public record BrokerContext(BrokerConfig config, SessionRegistry sessions, MessageRouter router,
        Authenticator authenticator, Map<String, EnhancedAuthenticator> enhancedAuthenticators,
        Executor authenticationExecutor, Authorizer authorizer, BrokerCounters counters,
        BrokerListener listener, BrokerClock clock, WillTracker wills) {

    public BrokerContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(authenticator, "authenticator");
        enhancedAuthenticators = Map.copyOf(enhancedAuthenticators);
        Objects.requireNonNull(authenticationExecutor, "authenticationExecutor");
        Objects.requireNonNull(authorizer, "authorizer");
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(wills, "wills");
    }

}
