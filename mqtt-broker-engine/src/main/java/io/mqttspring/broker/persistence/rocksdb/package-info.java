/**
 * The durable store on RocksDB: persistent sessions as a journal of changes, retained messages, group commit.
 */
@NullMarked
package io.mqttspring.broker.persistence.rocksdb;

import org.jspecify.annotations.NullMarked;
