/**
 * MQTT packet flows per connection: CONNECT, PUBLISH and its acknowledgements, SUBSCRIBE, keep-alive, DISCONNECT.
 */
@NullMarked
package io.mqttspring.broker.protocol;

import org.jspecify.annotations.NullMarked;
