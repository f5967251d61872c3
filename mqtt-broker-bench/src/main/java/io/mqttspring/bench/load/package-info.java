/**
 * A closed-loop MQTT 3.1.1 load tool that drives any broker over loopback and proves every message arrived once.
 */
package io.mqttspring.bench.load;
