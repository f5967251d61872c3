/**
 * Auto-configuration that lets Spring Security authenticate MQTT clients.
 */
@NullMarked
package io.mqttspring.autoconfigure.security;

import org.jspecify.annotations.NullMarked;
