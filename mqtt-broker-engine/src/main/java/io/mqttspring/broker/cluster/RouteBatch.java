package io.mqttspring.broker.cluster;

import java.io.IOException;
import java.util.concurrent.Callable;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

/**
 * A batch of publications one node sends another, run on the receiving member by Hazelcast's executor: it routes
 * them to that node's clients, and its answer tells the sender the node has them; it answers late while the node's
 * subscribers or memory budget hold the sending node back, which holds that node's publishers back in turn. Public for Hazelcast to create it,
 * not for applications.
 */
public final class RouteBatch implements Callable<Integer>, DataSerializable, HazelcastInstanceAware {

    private String sender = "";

    private byte[] batch = new byte[0];

    private transient HazelcastInstance hazelcast;

    /**
     * Create an empty batch, for Hazelcast to read into.
     */
    public RouteBatch() {
    }

    RouteBatch(String sender, byte[] batch) {
        this.sender = sender;
        this.batch = batch;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    @Override
    public Integer call() {
        ClusterNode node = (ClusterNode) this.hazelcast.getUserContext().get(ClusterNode.USER_CONTEXT_KEY);
        // a node that is closing has no clients left to deliver to
        return (node != null) ? node.receive(this.sender, this.batch) : 0;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(this.sender);
        out.writeByteArray(this.batch);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        this.sender = in.readString();
        this.batch = in.readByteArray();
    }

}
