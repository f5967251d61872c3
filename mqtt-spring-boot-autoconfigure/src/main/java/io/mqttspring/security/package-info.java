/**
 * Spring Security's password encoders as a source of MQTT users.
 */
@NullMarked
package io.mqttspring.security;

import org.jspecify.annotations.NullMarked;
