package io.mqttspring.broker.cluster;

import java.util.List;

import com.hazelcast.config.Config;
import io.mqttspring.broker.config.ClusterConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterNodeConfigTests {

    @Test
    @DisplayName("The member the broker starts for itself leaves the cluster when the broker stops, not from Hazelcast's "
            + "own shutdown hook, so a stopping node disconnects its clients while it is still a member")
    void ownMemberHasNoShutdownHookOfItsOwn() {
        Config config = ClusterNode.hazelcastConfig(
                new ClusterConfig(true, "test", "127.0.0.1", 5799, List.of("127.0.0.1:5798")));

        assertThat(config.getProperty("hazelcast.shutdownhook.enabled")).isEqualTo("false");
        assertThat(config.getClusterName()).isEqualTo("test");
        assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
        assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:5798");
    }

}
