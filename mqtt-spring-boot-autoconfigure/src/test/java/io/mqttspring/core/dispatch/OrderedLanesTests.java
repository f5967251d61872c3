package io.mqttspring.core.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link OrderedLanes}.
 */
class OrderedLanesTests {

    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    @AfterEach
    void shutdown() throws InterruptedException {
        this.executor.shutdownNow();
        assertThat(this.executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    @DisplayName("[MQTT-4.6.0-5] tasks of one key run one at a time, in submission order")
    void tasksOfOneKeyRunInOrderOneAtATime() {
        OrderedLanes lanes = new OrderedLanes(this.executor, 4);
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        List<String> overlaps = new CopyOnWriteArrayList<>();
        List<String> keys = List.of("a", "b", "c", "d", "e");
        for (int i = 0; i < 200; i++) {
            for (String key : keys) {
                int value = i;
                lanes.execute(key, () -> {
                    if (running.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet() > 1) {
                        overlaps.add(key);
                    }
                    seen.computeIfAbsent(key, (k) -> new CopyOnWriteArrayList<>()).add(value);
                    running.get(key).decrementAndGet();
                });
            }
        }
        List<Integer> expected = IntStream.range(0, 200).boxed().toList();
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> keys.forEach((key) -> assertThat(seen.get(key)).as(key).isEqualTo(expected)));
        assertThat(overlaps).isEmpty();
    }

    @Test
    @DisplayName("tasks of different lanes run in parallel")
    void differentLanesRunInParallel() throws InterruptedException {
        OrderedLanes lanes = new OrderedLanes(this.executor, 2);
        // "a" and "b" land in different lanes of two: their hash codes differ by one
        CountDownLatch bothRunning = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        for (String key : List.of("a", "b")) {
            lanes.execute(key, () -> {
                bothRunning.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertThat(bothRunning.await(10, TimeUnit.SECONDS)).isTrue();
        release.countDown();
    }

    @Test
    @DisplayName("a failing task does not stop its lane: the next task still runs")
    void aFailingTaskDoesNotStopItsLane() {
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            OrderedLanes lanes = new OrderedLanes(single, 1);
            List<String> done = new CopyOnWriteArrayList<>();
            lanes.execute("k", () -> {
                throw new IllegalStateException("boom");
            });
            lanes.execute("k", () -> done.add("after"));
            // the failure is the executor's to report; what matters here is the next task
            await().dontCatchUncaughtExceptions()
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(done).containsExactly("after"));
        }
        finally {
            single.shutdownNow();
        }
    }

    @Test
    @DisplayName("a task the executor refuses is not kept: it never runs later, and the lane runs what comes next")
    void refusedTaskIsNotKept() {
        AtomicInteger refusals = new AtomicInteger(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        OrderedLanes lanes = new OrderedLanes((runnable) -> {
            if (refusals.getAndDecrement() > 0) {
                throw new RejectedExecutionException("full");
            }
            this.executor.execute(runnable);
        }, 1);
        assertThatExceptionOfType(RejectedExecutionException.class)
                .isThrownBy(() -> lanes.execute("t", () -> ran.add("refused")));
        lanes.execute("t", () -> ran.add("accepted"));
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.contains("accepted"));
        assertThat(ran).containsExactly("accepted");
    }

}
