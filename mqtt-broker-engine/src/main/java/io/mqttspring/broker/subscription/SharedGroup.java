package io.mqttspring.broker.subscription;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The members of one shared subscription ({@code $share/{ShareName}/{filter}}): each matching message goes to one
 * of them. Membership changes under the tree's write lock; readers see an immutable snapshot.
 *
 * @param <S> the subscriber type
 */
public final class SharedGroup<S> {

    private final String shareName;

    private final String filter;

    private volatile Subscription<S>[] members = newArray(0);

    private final AtomicInteger next = new AtomicInteger();

    SharedGroup(String shareName, String filter) {
        this.shareName = shareName;
        this.filter = filter;
    }

    /**
     * Return the share name.
     * @return the share name
     */
    public String shareName() {
        return this.shareName;
    }

    /**
     * Return the filter the group subscribes to, without the share prefix.
     * @return the filter
     */
    public String filter() {
        return this.filter;
    }

    /**
     * Return the members at this moment.
     * @return an immutable snapshot
     */
    public List<Subscription<S>> members() {
        return List.of(this.members);
    }

    /**
     * Return the next position in round-robin order; callers reduce it modulo the number of members.
     * @return a non-negative counter value
     */
    public int nextIndex() {
        return this.next.getAndIncrement() & Integer.MAX_VALUE;
    }

    boolean isEmpty() {
        return this.members.length == 0;
    }

    Subscription<S> put(Subscription<S> subscription) {
        Subscription<S>[] current = this.members;
        for (int i = 0; i < current.length; i++) {
            if (current[i].subscriber().equals(subscription.subscriber())) {
                Subscription<S>[] copy = current.clone();
                copy[i] = subscription;
                this.members = copy;
                return current[i];
            }
        }
        Subscription<S>[] grown = Arrays.copyOf(current, current.length + 1);
        grown[current.length] = subscription;
        this.members = grown;
        return null;
    }

    Subscription<S> remove(S subscriber) {
        Subscription<S>[] current = this.members;
        for (int i = 0; i < current.length; i++) {
            if (current[i].subscriber().equals(subscriber)) {
                Subscription<S>[] shrunk = newArray(current.length - 1);
                System.arraycopy(current, 0, shrunk, 0, i);
                System.arraycopy(current, i + 1, shrunk, i, current.length - i - 1);
                this.members = shrunk;
                return current[i];
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static <S> Subscription<S>[] newArray(int length) {
        return (Subscription<S>[]) new Subscription<?>[length];
    }

}
