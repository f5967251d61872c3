/**
 * Authentication and authorization SPIs with allow-all defaults.
 */
@NullMarked
package io.mqttspring.broker.security;

import org.jspecify.annotations.NullMarked;
