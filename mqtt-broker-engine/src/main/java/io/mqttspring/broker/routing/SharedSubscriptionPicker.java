package io.mqttspring.broker.routing;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.mqttspring.broker.config.SharedSubscriptionStrategy;
import io.mqttspring.broker.session.Session;
import io.mqttspring.broker.subscription.SharedGroup;
import io.mqttspring.broker.subscription.Subscription;
import io.mqttspring.broker.subscription.TopicName;

import org.jspecify.annotations.Nullable;

/**
 * Picks the member of a shared subscription group that receives a message. The strategy chooses where to start
 * looking; from there the first connected member wins. Thread-safe.
 */
final class SharedSubscriptionPicker {

    private final SharedSubscriptionStrategy strategy;

    SharedSubscriptionPicker(SharedSubscriptionStrategy strategy) {
        this.strategy = strategy;
    }

    /**
     * Pick a member for a new message: a connected one if any, otherwise the one the strategy points at, whose
     * session queues the message.
     */
    @Nullable Subscription<Session> pick(SharedGroup<Session> group, TopicName topic) {
        List<Subscription<Session>> members = group.members();
        if (members.isEmpty()) {
            return null;
        }
        int start = start(group, topic.value(), members.size());
        Subscription<Session> connected = firstConnected(members, start, null);
        return (connected != null) ? connected : members.get(start);
    }

    /**
     * Pick a connected member other than {@code excluded}, for a message that member could not take.
     */
    @Nullable Subscription<Session> pickOther(SharedGroup<Session> group, String topic, Session excluded) {
        List<Subscription<Session>> members = group.members();
        return members.isEmpty() ? null : firstConnected(members, start(group, topic, members.size()), excluded);
    }

    private int start(SharedGroup<Session> group, String topic, int size) {
        int position = switch (this.strategy) {
            case ROUND_ROBIN -> group.nextIndex();
            case RANDOM -> ThreadLocalRandom.current().nextInt(size);
            case HASH_TOPIC -> topic.hashCode() & Integer.MAX_VALUE;
        };
        return position % size;
    }

    private static @Nullable Subscription<Session> firstConnected(List<Subscription<Session>> members, int start,
            @Nullable Session excluded) {
        int size = members.size();
        for (int i = 0; i < size; i++) {
            Subscription<Session> candidate = members.get((start + i) % size);
            Session session = candidate.subscriber();
            if (session != excluded && session.isConnected()) {
                return candidate;
            }
        }
        return null;
    }

}
