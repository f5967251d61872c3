package io.mqttspring.broker.session;

/**
 * Hands a message received through a shared subscription to another member of its group.
 */
@FunctionalInterface
public interface SharedRedelivery {

    /**
     * Give a delivery to another connected member of its shared group.
     * @param delivery the delivery, with its {@link Delivery#sharedGroup()} set
     * @param from the member that could not take it
     * @return whether another member took it
     */
    boolean redeliver(Delivery delivery, Session from);

}
