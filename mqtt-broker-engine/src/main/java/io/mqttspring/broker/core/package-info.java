/**
 * Values and exceptions shared by every layer of the engine: client descriptions, protocol versions, the root exception.
 */
@NullMarked
package io.mqttspring.broker.core;

import org.jspecify.annotations.NullMarked;
