/**
 * Auto-configuration of the {@code mqtt} Actuator endpoint.
 */
@NullMarked
package io.mqttspring.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
