/**
 * Argument resolution for listener methods: topic variables.
 */
@NullMarked
package io.mqttspring.listener.adapter;

import org.jspecify.annotations.NullMarked;
