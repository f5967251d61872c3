package io.mqttspring.broker.protocol;

import io.mqttspring.broker.core.ProtocolVersion;
import io.mqttspring.broker.will.WillMessage;

import org.jspecify.annotations.Nullable;

/**
 * What an accepted CONNECT settles for the connection: identity, session handling, will and the client's limits.
 *
 * @param version the protocol version
 * @param clientId the client identifier, generated when the client sent none
 * @param clientIdAssigned whether the broker generated the identifier
 * @param cleanStart whether an existing session is discarded
 * @param sessionExpiry the granted session expiry interval in seconds
 * @param sessionExpiryReduced whether the request was capped (MQTT 5 clients are told in CONNACK)
 * @param keepAlive the keep-alive the broker enforces, in seconds; 0 for none
 * @param serverKeepAlive whether {@code keepAlive} differs from the request (sent as Server Keep Alive)
 * @param will the will, or {@code null}
 * @param username the user name, or {@code null}
 * @param password the password, or {@code null}
 * @param receiveMaximum the client's Receive Maximum
 * @param maximumPacketSize the client's Maximum Packet Size in bytes
 * @param topicAliasMaximum the client's Topic Alias Maximum
 * @param requestProblemInformation whether reason strings may be sent on acknowledgements
 * @param requestResponseInformation whether the client asked for Response Information
 * @param authenticationMethod the MQTT 5 enhanced authentication method, or {@code null}
 * @param authenticationData the Authentication Data of CONNECT, or {@code null}
 */
public record ConnectParameters(ProtocolVersion version, String clientId, boolean clientIdAssigned,
        boolean cleanStart, long sessionExpiry, boolean sessionExpiryReduced, int keepAlive, boolean serverKeepAlive,
        @Nullable WillMessage will, @Nullable String username, byte @Nullable [] password, int receiveMaximum,
        long maximumPacketSize, int topicAliasMaximum, boolean requestProblemInformation,
        boolean requestResponseInformation, @Nullable String authenticationMethod,
        byte @Nullable [] authenticationData) {

    /**
     * Return these parameters with another user name, as when a client certificate stands for it.
     * @param name the user name
     * @return the parameters
     */
    ConnectParameters withUsername(String name) {
        return new ConnectParameters(this.version, this.clientId, this.clientIdAssigned, this.cleanStart,
                this.sessionExpiry, this.sessionExpiryReduced, this.keepAlive, this.serverKeepAlive, this.will, name,
                this.password, this.receiveMaximum, this.maximumPacketSize, this.topicAliasMaximum,
                this.requestProblemInformation, this.requestResponseInformation, this.authenticationMethod,
                this.authenticationData);
    }

}
