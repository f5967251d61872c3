package io.mqttspring.broker.routing;

import java.util.List;

import io.mqttspring.broker.session.Session;
import io.mqttspring.broker.subscription.SharedGroup;
import io.mqttspring.broker.subscription.Subscription;

import org.jspecify.annotations.Nullable;

/**
 * Picks the member of a shared subscription group that receives a message: round robin over the connected members,
 * or over all members when none is connected (the message then waits in the picked session's queue).
 */
final class SharedSubscriptionPicker {

    @Nullable Subscription<Session> pick(SharedGroup<Session> group) {
        List<Subscription<Session>> members = group.members();
        int size = members.size();
        if (size == 0) {
            return null;
        }
        int start = group.nextIndex();
        for (int i = 0; i < size; i++) {
            Subscription<Session> candidate = members.get((start + i) % size);
            if (candidate.subscriber().isConnected()) {
                return candidate;
            }
        }
        return members.get(start % size);
    }

}
