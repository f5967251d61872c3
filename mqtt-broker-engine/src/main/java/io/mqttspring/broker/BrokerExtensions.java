package io.mqttspring.broker;

import java.util.Map;

import io.mqttspring.broker.core.BrokerClock;
import io.mqttspring.broker.metrics.BrokerListener;
import io.mqttspring.broker.persistence.RetainedMessageStore;
import io.mqttspring.broker.persistence.SessionStore;
import io.mqttspring.broker.security.Authenticator;
import io.mqttspring.broker.security.Authorizer;
import io.mqttspring.broker.security.EnhancedAuthenticator;

/**
 * The extension points a broker was built with, and its clock; they outlive restarts.
 */
record BrokerExtensions(Authenticator authenticator, Map<String, EnhancedAuthenticator> enhancedAuthenticators,
        Authorizer authorizer, SessionStore sessionStore, RetainedMessageStore retainedStore,
        BrokerListener listener, BrokerClock clock) {

    BrokerExtensions withStores(SessionStore sessions, RetainedMessageStore retained) {
        return new BrokerExtensions(this.authenticator, this.enhancedAuthenticators, this.authorizer, sessions,
                retained, this.listener, this.clock);
    }

}
