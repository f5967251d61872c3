package io.mqttspring.core.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import io.mqttspring.broker.InProcessSubscriber;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.ReceivedMessage;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.core.EmbeddedMqttConnection;
import io.mqttspring.core.dispatch.MqttMessageDispatcher.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link MqttMessageDispatcher}, subscribed to a real broker or handed messages directly as the broker's
 * event loop does.
 */
class MqttMessageDispatcherTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension();

    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    /** Lets blocked work go on; opened after each test at the latest. */
    private final CountDownLatch release = new CountDownLatch(1);

    private final List<MqttMessageDispatcher> dispatchers = new ArrayList<>();

    @AfterEach
    void stopDispatchersAndExecutor() throws InterruptedException {
        this.release.countDown();
        this.dispatchers.forEach((dispatcher) -> dispatcher.stop(TIMEOUT));
        this.executor.shutdownNow();
        assertThat(this.executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    @DisplayName("[MQTT-4.6.0-6] messages of one topic are processed one at a time, in the order they arrived")
    void messagesOfOneTopicAreProcessedInOrderOneAtATime() {
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        List<String> overlaps = new CopyOnWriteArrayList<>();
        dispatcher("ordered", 4, (message) -> {
            String topic = message.topic();
            if (running.computeIfAbsent(topic, (key) -> new AtomicInteger()).incrementAndGet() > 1) {
                overlaps.add(topic);
            }
            seen.computeIfAbsent(topic, (key) -> new CopyOnWriteArrayList<>()).add(Integer.parseInt(text(message)));
            running.get(topic).decrementAndGet();
        }, "ordered/+").start();
        List<String> topics = List.of("ordered/a", "ordered/b", "ordered/c");
        for (int i = 0; i < 100; i++) {
            for (String topic : topics) {
                publish(topic, Integer.toString(i));
            }
        }
        List<Integer> expected = IntStream.range(0, 100).boxed().toList();
        await().atMost(TIMEOUT).untilAsserted(
                () -> topics.forEach((topic) -> assertThat(seen.get(topic)).as(topic).isEqualTo(expected)));
        assertThat(overlaps).isEmpty();
    }

    @Test
    @DisplayName("with a concurrency above one, messages of different topics are processed in parallel")
    void messagesOfDifferentTopicsAreProcessedInParallelWhenAsked() throws InterruptedException {
        CountDownLatch bothRunning = new CountDownLatch(2);
        dispatcher("parallel", 2, (message) -> {
            bothRunning.countDown();
            awaitRelease();
        }, "parallel/+").start();
        // "parallel/a" and "parallel/b" land in different lanes of two: their hash codes differ by one
        publish("parallel/a", "1");
        publish("parallel/b", "2");
        assertThat(bothRunning.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    @DisplayName("with a concurrency of one, messages of all topics are processed one at a time")
    void concurrencyOfOneProcessesOneMessageAtATime() {
        AtomicInteger running = new AtomicInteger();
        List<String> overlaps = new CopyOnWriteArrayList<>();
        List<String> seen = new CopyOnWriteArrayList<>();
        dispatcher("serial", 1, (message) -> {
            if (running.incrementAndGet() > 1) {
                overlaps.add(message.topic());
            }
            seen.add(message.topic() + ":" + text(message));
            running.decrementAndGet();
        }, "serial/+").start();
        for (int i = 0; i < 50; i++) {
            publish("serial/a", Integer.toString(i));
            publish("serial/b", Integer.toString(i));
        }
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(seen).hasSize(100));
        assertThat(overlaps).isEmpty();
        assertThat(seen).filteredOn((entry) -> entry.startsWith("serial/a:"))
            .isEqualTo(IntStream.range(0, 50).mapToObj((i) -> "serial/a:" + i).toList());
    }

    @Test
    @DisplayName("the stage handed to the broker completes only once the work for the message has returned")
    void stageCompletesOnceTheWorkReturned() throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        MqttMessageDispatcher dispatcher = dispatcher("acks", 1, (message) -> {
            entered.countDown();
            awaitRelease();
        }, "acks/#");
        CompletableFuture<Void> stage = dispatcher.dispatch(received("acks/one", "x"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(stage).isNotDone();
        assertThat(dispatcher.getPending()).isOne();
        this.release.countDown();
        assertThat(stage).succeedsWithin(TIMEOUT);
        assertThat(dispatcher.getPending()).isZero();
    }

    @Test
    @DisplayName("work that throws completes the broker's stage exceptionally, and the next message of the topic "
            + "is processed")
    void failingWorkCompletesTheStageAndTheTopicGoesOn() {
        List<String> processed = new CopyOnWriteArrayList<>();
        MqttMessageDispatcher dispatcher = dispatcher("failing", 1, (message) -> {
            if (text(message).equals("bad")) {
                throw new IllegalStateException("boom");
            }
            processed.add(text(message));
        }, "failing/#");
        CompletableFuture<Void> failed = dispatcher.dispatch(received("failing/t", "bad"));
        CompletableFuture<Void> next = dispatcher.dispatch(received("failing/t", "good"));
        assertThat(failed).failsWithin(TIMEOUT)
            .withThrowableOfType(ExecutionException.class)
            .havingCause()
            .isInstanceOf(IllegalStateException.class)
            .withMessage("boom");
        assertThat(next).succeedsWithin(TIMEOUT);
        assertThat(processed).containsExactly("good");
        assertThat(dispatcher.getPending()).isZero();
    }

    @Test
    @DisplayName("a QoS 1 message whose work failed still frees the in-flight window, so the next message arrives")
    void failedMessageFreesTheInflightWindow() {
        List<String> processed = new CopyOnWriteArrayList<>();
        try (MqttBroker windowOfOne = MqttBroker.builder()
            .config(BrokerExtension.testConfig((config) -> config.maxInflightMessages(1)))
            .build()) {
            windowOfOne.start();
            MqttMessageDispatcher dispatcher = new MqttMessageDispatcher(new EmbeddedMqttConnection(windowOfOne),
                    new Subscription("window", List.of("window/+"), QoS.AT_LEAST_ONCE, null), this.executor, 2,
                    (message) -> {
                        processed.add(message.topic());
                        if (message.topic().equals("window/a")) {
                            throw new IllegalStateException("boom");
                        }
                    });
            dispatcher.start();
            publish(windowOfOne, "window/a", "first");
            publish(windowOfOne, "window/b", "second");
            await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(processed).containsExactly("window/a", "window/b"));
            assertThat(dispatcher.stop(TIMEOUT)).isTrue();
        }
    }

    @Test
    @DisplayName("MQTT 5.0 section 4.8.2: with a group, each topic filter is subscribed as $share/{group}/{filter}")
    void groupSubscribesWithTheSharePrefix() {
        List<String> processed = new CopyOnWriteArrayList<>();
        MqttMessageDispatcher dispatcher = new MqttMessageDispatcher(new EmbeddedMqttConnection(this.broker.broker()),
                new Subscription("grouped", List.of("jobs/#", "tasks/+"), QoS.AT_LEAST_ONCE, "workers"),
                this.executor, 1, (message) -> processed.add(text(message)));
        this.dispatchers.add(dispatcher);
        dispatcher.start();
        assertThat(session("grouped")).hasValueSatisfying((session) -> assertThat(session.subscriptions())
            .containsOnlyKeys("$share/workers/jobs/#", "$share/workers/tasks/+"));
        publish("jobs/1", "job");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(processed).containsExactly("job"));
    }

    @Test
    @DisplayName("without a group, the topic filters are subscribed as they are")
    void withoutGroupFiltersAreSubscribedAsTheyAre() {
        Subscription subscription = new Subscription("plain", List.of("jobs/#", "tasks/+"), QoS.AT_MOST_ONCE, null);
        assertThat(subscription.subscriptionFilters()).containsExactly("jobs/#", "tasks/+");
        dispatcher("plain", 1, (message) -> {
        }, "jobs/#", "tasks/+").start();
        assertThat(session("plain")).hasValueSatisfying(
                (session) -> assertThat(session.subscriptions()).containsOnlyKeys("jobs/#", "tasks/+"));
    }

    @Test
    @DisplayName("stop closes the subscription first, then waits for the work already handed over")
    void stopClosesTheSubscriptionThenWaitsForTheWorkInFlight() throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        List<String> processed = new CopyOnWriteArrayList<>();
        MqttMessageDispatcher dispatcher = dispatcher("draining", 1, (message) -> {
            entered.countDown();
            awaitRelease();
            processed.add(text(message));
        }, "draining/#");
        dispatcher.start();
        publish("draining/job", "job");
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> dispatcher.stop(TIMEOUT));
        await().atMost(TIMEOUT).until(() -> session("draining").isEmpty());
        assertThat(dispatcher.isRunning()).isFalse();
        assertThat(publish("draining/late", "late")).as("subscribers matched after the close").isZero();
        assertThat(stopped).isNotDone();
        this.release.countDown();
        assertThat(stopped).succeedsWithin(TIMEOUT).isEqualTo(true);
        assertThat(processed).containsExactly("job");
        assertThat(dispatcher.getPending()).isZero();
    }

    @Test
    @DisplayName("stop gives up after its timeout while work still runs, which goes on to finish")
    void stopGivesUpAfterItsTimeout() throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        MqttMessageDispatcher dispatcher = dispatcher("slow", 1, (message) -> {
            entered.countDown();
            awaitRelease();
        }, "slow/#");
        dispatcher.start();
        publish("slow/job", "job");
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(dispatcher.stop(Duration.ofMillis(100))).isFalse();
        assertThat(dispatcher.isRunning()).isFalse();
        assertThat(dispatcher.getPending()).isOne();
        this.release.countDown();
        await().atMost(TIMEOUT).until(() -> dispatcher.getPending() == 0);
    }

    @Test
    @DisplayName("stopping a dispatcher that is not started has nothing to wait for")
    void stopWithoutStartHasNothingToWaitFor() {
        MqttMessageDispatcher dispatcher = dispatcher("idle", 1, (message) -> {
        }, "idle/#");
        assertThat(dispatcher.stop()).isDone();
        assertThat(dispatcher.stop(Duration.ZERO)).isTrue();
    }

    @Test
    @DisplayName("a stopped dispatcher subscribes again when started")
    void stoppedDispatcherSubscribesAgainOnStart() {
        List<String> processed = new CopyOnWriteArrayList<>();
        MqttMessageDispatcher dispatcher = dispatcher("restart", 1, (message) -> processed.add(text(message)),
                "restart/#");
        dispatcher.start();
        assertThat(dispatcher.stop(TIMEOUT)).isTrue();
        assertThat(publish("restart/t", "unseen")).isZero();
        dispatcher.start();
        assertThat(dispatcher.isRunning()).isTrue();
        publish("restart/t", "again");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(processed).containsExactly("again"));
    }

    private MqttMessageDispatcher dispatcher(String name, int concurrency, Consumer<ReceivedMessage> work,
            String... topicFilters) {
        MqttMessageDispatcher dispatcher = new MqttMessageDispatcher(new EmbeddedMqttConnection(this.broker.broker()),
                new Subscription(name, List.of(topicFilters), QoS.AT_LEAST_ONCE, null), this.executor, concurrency,
                work);
        this.dispatchers.add(dispatcher);
        return dispatcher;
    }

    private int publish(String topic, String payload) {
        return publish(this.broker.broker(), topic, payload);
    }

    private static int publish(MqttBroker broker, String topic, String payload) {
        ApplicationMessage message = ApplicationMessage.builder(topic).payload(payload).qos(QoS.AT_LEAST_ONCE).build();
        return broker.publish(message).join().matchedSubscribers();
    }

    private Optional<MqttBroker.SessionInfo> session(String name) {
        return this.broker.broker()
            .sessions()
            .stream()
            .filter((session) -> session.clientId().equals(InProcessSubscriber.CLIENT_ID_PREFIX + name))
            .findFirst();
    }

    private static ReceivedMessage received(String topic, String payload) {
        return new ReceivedMessage(ApplicationMessage.builder(topic).payload(payload).qos(QoS.AT_LEAST_ONCE).build(),
                false, List.of(), null);
    }

    private static String text(ReceivedMessage message) {
        return message.message().payloadAsString();
    }

    private void awaitRelease() {
        try {
            if (!this.release.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Work was not released");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for release", ex);
        }
    }

}
