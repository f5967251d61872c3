/**
 * Retained-message handling: storing on publish and delivering on subscribe.
 */
@NullMarked
package io.mqttspring.broker.retained;

import org.jspecify.annotations.NullMarked;
