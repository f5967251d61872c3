/**
 * Bridges: the embedded broker exchanges chosen topics with a remote broker, as Mosquitto's bridges do.
 */
@NullMarked
package io.mqttspring.bridge;

import org.jspecify.annotations.NullMarked;
