package io.mqttspring.broker.cluster;

import java.io.IOException;
import java.util.concurrent.Callable;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import org.jspecify.annotations.Nullable;

/**
 * The request a node sends the node holding a client's session when that client connects to it: run on the holding
 * member by Hazelcast's executor, it disconnects the client there if still connected, and answers with the session
 * (as {@link SessionTransfer} encodes it) to carry on with, or nothing when the client starts clean or had no
 * session to keep. Public for Hazelcast to create it, not for applications.
 */
public final class HandOverSession implements Callable<byte @Nullable []>, DataSerializable, HazelcastInstanceAware {

    private String clientId = "";

    private boolean cleanStart;

    private transient HazelcastInstance hazelcast;

    /**
     * Create an empty request, for Hazelcast to read into.
     */
    public HandOverSession() {
    }

    HandOverSession(String clientId, boolean cleanStart) {
        this.clientId = clientId;
        this.cleanStart = cleanStart;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    @Override
    public byte @Nullable [] call() throws Exception {
        ClusterNode node = (ClusterNode) this.hazelcast.getUserContext().get(ClusterNode.USER_CONTEXT_KEY);
        return (node != null) ? node.clients().handOver(this.clientId, this.cleanStart) : null;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(this.clientId);
        out.writeBoolean(this.cleanStart);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        this.clientId = in.readString();
        this.cleanStart = in.readBoolean();
    }

}
