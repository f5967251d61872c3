package io.mqttspring.broker.protocol;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.mqttspring.broker.config.AnonymousAccess;
import io.mqttspring.broker.core.ProtocolVersion;
import io.mqttspring.broker.message.ReasonCode;
import io.mqttspring.broker.security.Authenticator;
import io.mqttspring.broker.support.BrokerExtension;
import io.netty.util.concurrent.ImmediateEventExecutor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may connect without credentials, by policy and address. The addresses are only compared, never connected to:
 * tests reach the broker over loopback alone, so the non-loopback cases are decided here, on the handshake.
 */
class AnonymousAccessTests {

    @ParameterizedTest(name = "{0} from {1}, user {2}, certificate {3}: accepted {4}")
    @CsvSource(nullValues = "-", value = {
            "LOOPBACK_ONLY, 127.0.0.1, -, false, true",
            "LOOPBACK_ONLY, ::1, -, false, true",
            "LOOPBACK_ONLY, 192.0.2.10, -, false, false",
            "LOOPBACK_ONLY, 192.0.2.10, alice, false, true",
            "LOOPBACK_ONLY, 192.0.2.10, -, true, true",
            "ALLOWED, 192.0.2.10, -, false, true",
            "REFUSED, 127.0.0.1, -, false, false",
            "REFUSED, 127.0.0.1, alice, false, true" })
    void decides(AnonymousAccess access, String address, String username, boolean certificate, boolean accepted) {
        ConnectHandshake handshake = new ConnectHandshake(new ConnectValidator(BrokerExtension.testConfig(
                (config) -> config.anonymousAccess(access)), java.util.Set.of()), access, Authenticator.ALLOW_ALL,
                Map.of(), Runnable::run, ImmediateEventExecutor.INSTANCE);
        ConnectParameters parameters = new ConnectParameters(ProtocolVersion.MQTT_5, "client", false, true, 0, false,
                60, false, null, username, null, 65_535, 1 << 20, 0, true, false, null, null);
        AtomicReference<HandshakeDecision> decision = new AtomicReference<>();
        handshake.authenticate(parameters, new InetSocketAddress(address, 40_000),
                certificate ? new PeerCertificate("device-1", false) : null, decision::set);
        if (accepted) {
            assertThat(decision.get()).isInstanceOf(HandshakeDecision.Accept.class);
        }
        else {
            assertThat(decision.get()).isInstanceOfSatisfying(HandshakeDecision.Refuse.class,
                    (refuse) -> assertThat(refuse.reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED));
        }
    }

}
