/**
 * The MQTT broker engine. Applications use the API (the broker, its configuration, messages, the in-process
 * subscriber) and implement the SPIs (security, persistence, metrics); everything else, Netty included, stays inside.
 * The module boundary holds for applications on the module path; on the class path, where most Spring Boot
 * applications run, the exported packages are the supported API and the others may change in any release.
 */
module io.mqttspring.broker {

    exports io.mqttspring.broker;
    exports io.mqttspring.broker.bridge;
    exports io.mqttspring.broker.config;
    exports io.mqttspring.broker.core;
    exports io.mqttspring.broker.message;
    exports io.mqttspring.broker.metrics;
    exports io.mqttspring.broker.persistence;
    exports io.mqttspring.broker.persistence.memory;
    exports io.mqttspring.broker.security;

    requires transitive org.jspecify;
    requires java.naming;
    requires org.slf4j;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.codec.http;
    requires io.netty.codec.mqtt;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.transport;
    requires io.netty.transport.classes.epoll;
    // the durable store; optional, so brokers that keep state in memory need no RocksDB
    requires static rocksdbjni;
    // the cluster; optional, so a broker on its own needs no Hazelcast
    requires static com.hazelcast.core;
    // bridges to remote brokers; optional, so a broker without bridges needs no MQTT client
    requires static com.hivemq.client.mqtt;

}
