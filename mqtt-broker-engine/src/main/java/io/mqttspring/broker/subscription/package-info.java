/**
 * Validated topic names and filters, subscription options and the subscription tree.
 */
@NullMarked
package io.mqttspring.broker.subscription;

import org.jspecify.annotations.NullMarked;
