/**
 * Spring Integration channel adapters for the embedded broker.
 */
@NullMarked
package io.mqttspring.integration;

import org.jspecify.annotations.NullMarked;
