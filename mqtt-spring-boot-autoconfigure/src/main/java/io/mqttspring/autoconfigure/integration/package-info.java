/**
 * Auto-configuration of the Spring Integration channel adapters.
 */
@NullMarked
package io.mqttspring.autoconfigure.integration;

import org.jspecify.annotations.NullMarked;
