/**
 * Actuator support: health indicator, metrics binder and the {@code mqtt} endpoint.
 */
@NullMarked
package io.mqttspring.actuate;

import org.jspecify.annotations.NullMarked;
