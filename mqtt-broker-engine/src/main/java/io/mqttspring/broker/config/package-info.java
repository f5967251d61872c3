/**
 * Immutable broker configuration records, their builder and validation.
 */
@NullMarked
package io.mqttspring.broker.config;

import org.jspecify.annotations.NullMarked;
