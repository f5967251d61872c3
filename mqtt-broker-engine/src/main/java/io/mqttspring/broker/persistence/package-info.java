/**
 * Storage SPIs for sessions and retained messages.
 */
@NullMarked
package io.mqttspring.broker.persistence;

import org.jspecify.annotations.NullMarked;
