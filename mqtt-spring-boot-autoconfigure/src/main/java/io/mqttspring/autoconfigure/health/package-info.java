/**
 * Auto-configuration of the broker health indicator.
 */
@NullMarked
package io.mqttspring.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
