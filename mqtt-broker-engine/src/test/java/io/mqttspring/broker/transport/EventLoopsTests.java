package io.mqttspring.broker.transport;

import java.time.Duration;

import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventLoopsTests {

    @Test
    void defaultsToOneWorkerPerProcessor() {
        assertThat(EventLoops.workerThreads(0)).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(EventLoops.workerThreads(3)).isEqualTo(3);
    }

    @Test
    void startsTheConfiguredNumberOfWorkers() {
        EventLoops loops = new EventLoops(3, false);
        try {
            EventLoopGroup workers = loops.workerGroup();
            assertThat(workers).hasSize(3);
            assertThat(loops.isNative()).isFalse();
        }
        finally {
            loops.shutdown(Duration.ofSeconds(5));
        }
    }

}
