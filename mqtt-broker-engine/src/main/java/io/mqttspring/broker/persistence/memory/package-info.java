/**
 * In-memory implementations of the storage SPIs.
 */
@NullMarked
package io.mqttspring.broker.persistence.memory;

import org.jspecify.annotations.NullMarked;
