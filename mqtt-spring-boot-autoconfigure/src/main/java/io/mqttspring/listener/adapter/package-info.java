/**
 * Invocation of listener methods: argument resolution, topic variables, replies.
 */
@NullMarked
package io.mqttspring.listener.adapter;

import org.jspecify.annotations.NullMarked;
