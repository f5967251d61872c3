package io.mqttspring.broker.config;

/**
 * Whether clients that present neither a user name, a client certificate nor an enhanced authentication method may
 * connect. As in Mosquitto 2, a broker nobody configured serves anonymous clients on the machine it runs on only.
 */
public enum AnonymousAccess {

    /** Anonymous clients may connect from loopback addresses only; others get CONNACK 0x87 (0x05 for 3.1.1). */
    LOOPBACK_ONLY,

    /** Anonymous clients may connect from anywhere. */
    ALLOWED,

    /** Every client must authenticate. */
    REFUSED

}
