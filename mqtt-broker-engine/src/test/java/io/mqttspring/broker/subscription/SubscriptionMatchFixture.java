package io.mqttspring.broker.subscription;

import java.util.Random;

import io.mqttspring.broker.config.BrokerConfig;
import io.mqttspring.broker.message.QoS;

/**
 * Test fixture for the topic matching benchmark of {@code mqtt-broker-bench}: a {@link SubscriptionTree} and three
 * topic names to match against it, the step of every routed PUBLISH that grows with the number of subscriptions in
 * the broker, not with the message. The tree holds a building-automation mix:
 * <ul>
 * <li>256 subscriptions on alarms: 200 clients on {@code building/0/0/alarm}, 40 on {@code building/+/+/alarm} and a
 * shared group of 16 on {@code $share/alarm-handlers/building/+/+/alarm};</li>
 * <li>of the rest, 90% exact topics {@code building/<f>/<r>/<sensor>} (100 rooms a floor, 8 sensors, as many floors
 * as needed), 7% {@code +} filters ({@code building/<f>/+/<sensor>}, {@code building/<f>/<r>/+}), 2% {@code #}
 * filters ({@code building/<f>/#}, {@code building/<f>/<r>/#}) and 1% members of ten shared groups on
 * {@code $share/g<n>/building/<f>/+/<sensor>}. Wildcard filters pick floors at random (fixed seed) but never floor
 * 0.</li>
 * </ul>
 * Three topic names: {@code building/1/12/temperature} (a hit with few matches), {@code building/0/0/alarm} (241
 * matches: 240 subscriptions and one shared group) and {@code building/0/12/pressure} (walks existing levels and
 * matches nothing). Each subscriber is its own identity-compared object, as sessions are. The consumer only counts,
 * so the router's own per-match work (No Local check, one target per subscriber) is not included; nor is the split
 * of the topic name into levels, which the inbound path does once per PUBLISH.
 */
public final class SubscriptionMatchFixture {

    private static final String[] SENSORS = { "temperature", "humidity", "co2", "occupancy", "light", "noise",
            "power", "energy" };

    private static final int ROOMS = 100;

    private static final int HOT_EXACT = 200;

    private static final int HOT_WILDCARD = 40;

    private static final int HOT_SHARED = 16;

    private final SubscriptionTree<Client> tree = new SubscriptionTree<>();

    private final int maxLevels = BrokerConfig.defaults().limits().maxTopicLevels();

    private final TopicName fewMatches;

    private final TopicName manyMatches;

    private final TopicName noMatch;

    private final Counter counter = new Counter();

    private int nextClient;

    /**
     * Fill the tree.
     * @param subscriptions how many subscriptions in all, at least 1,000
     */
    public SubscriptionMatchFixture(int subscriptions) {
        subscribe("building/0/0/alarm", HOT_EXACT);
        subscribe("building/+/+/alarm", HOT_WILDCARD);
        subscribe("$share/alarm-handlers/building/+/+/alarm", HOT_SHARED);

        int rest = subscriptions - HOT_EXACT - HOT_WILDCARD - HOT_SHARED;
        int singleLevel = rest * 7 / 100;
        int multiLevel = rest * 2 / 100;
        int shared = rest / 100;
        int exact = rest - singleLevel - multiLevel - shared;
        int topicsPerFloor = ROOMS * SENSORS.length;
        int floors = Math.max(4, (exact + topicsPerFloor - 1) / topicsPerFloor);
        for (int i = 0; i < exact; i++) {
            // round-robin over floors first, so every floor has rooms with subscribers
            subscribe("building/" + (i % floors) + "/" + (i / floors % ROOMS) + "/"
                    + SENSORS[i / (floors * ROOMS) % SENSORS.length], 1);
        }
        Random random = new Random(42);
        for (int i = 0; i < singleLevel; i++) {
            int floor = 1 + random.nextInt(floors - 1);
            subscribe((i % 2 == 0) ? "building/" + floor + "/+/" + sensor(random)
                    : "building/" + floor + "/" + random.nextInt(ROOMS) + "/+", 1);
        }
        for (int i = 0; i < multiLevel; i++) {
            int floor = 1 + random.nextInt(floors - 1);
            subscribe((i % 2 == 0) ? "building/" + floor + "/#"
                    : "building/" + floor + "/" + random.nextInt(ROOMS) + "/#", 1);
        }
        for (int i = 0; i < shared; i++) {
            subscribe("$share/g" + (i % 10) + "/building/" + (1 + random.nextInt(floors - 1)) + "/+/" + sensor(random),
                    1);
        }
        check(this.tree.size() == subscriptions, "tree holds " + this.tree.size() + " subscriptions");

        this.fewMatches = TopicName.of("building/1/12/temperature", this.maxLevels);
        this.manyMatches = TopicName.of("building/0/0/alarm", this.maxLevels);
        this.noMatch = TopicName.of("building/0/12/pressure", this.maxLevels);
        int few = fewMatches();
        check(few >= 1 && few <= 32, "few matches expected, got " + few);
        check(manyMatches() == HOT_EXACT + HOT_WILDCARD + 1, "241 matches expected");
        check(noMatch() == 0, "no match expected");
    }

    private void subscribe(String filter, int clients) {
        TopicFilter topicFilter = TopicFilter.of(filter, this.maxLevels);
        for (int i = 0; i < clients; i++) {
            this.tree.subscribe(new Subscription<>(new Client(this.nextClient++), topicFilter,
                    SubscriptionOptions.of(QoS.AT_LEAST_ONCE), 0));
        }
    }

    private static String sensor(Random random) {
        return SENSORS[random.nextInt(SENSORS.length)];
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    /**
     * Match a hit on one sensor topic: its exact subscriber and the few wildcard filters that cover it.
     * @return the number of matches
     */
    public int fewMatches() {
        return match(this.fewMatches);
    }

    /**
     * Match a hit on the alarm topic that 240 subscriptions and a shared group match.
     * @return the number of matches
     */
    public int manyMatches() {
        return match(this.manyMatches);
    }

    /**
     * Match a topic nobody subscribed to, below levels that exist.
     * @return the number of matches, zero
     */
    public int noMatch() {
        return match(this.noMatch);
    }

    private int match(TopicName topic) {
        this.counter.count = 0;
        this.tree.match(topic, this.counter);
        return this.counter.count;
    }

    /**
     * Counts what the tree reports; reused, so matching allocates nothing of its own.
     */
    private static final class Counter implements SubscriptionTree.MatchConsumer<Client> {

        private int count;

        @Override
        public void subscription(Subscription<Client> subscription) {
            this.count++;
        }

        @Override
        public void sharedGroup(SharedGroup<Client> group) {
            this.count++;
        }

    }

    /**
     * A subscriber compared by identity, as sessions are.
     */
    private static final class Client {

        private final int id;

        Client(int id) {
            this.id = id;
        }

        @Override
        public String toString() {
            return "client-" + this.id;
        }

    }

}
