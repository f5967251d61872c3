package io.mqttspring.broker.subscription;

import io.mqttspring.broker.message.QoS;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Subscription options: one shared instance per combination.
 */
class SubscriptionOptionsTests {

    @Test
    @DisplayName("every combination of QoS, No Local, Retain As Published and Retain Handling is one shared instance "
            + "that holds what was asked")
    void everyCombinationIsShared() {
        for (QoS qos : QoS.values()) {
            for (boolean noLocal : new boolean[] { false, true }) {
                for (boolean retainAsPublished : new boolean[] { false, true }) {
                    for (int retainHandling = 0; retainHandling <= 2; retainHandling++) {
                        SubscriptionOptions options = SubscriptionOptions.of(qos, noLocal, retainAsPublished,
                                retainHandling);
                        assertThat(options).isEqualTo(new SubscriptionOptions(qos, noLocal, retainAsPublished,
                                retainHandling));
                        assertThat(SubscriptionOptions.of(qos, noLocal, retainAsPublished, retainHandling))
                            .isSameAs(options);
                    }
                }
            }
        }
        assertThat(SubscriptionOptions.of(QoS.AT_LEAST_ONCE)).isSameAs(
                SubscriptionOptions.of(QoS.AT_LEAST_ONCE, false, false, 0));
    }

    @Test
    @DisplayName("a Retain Handling other than 0, 1 or 2 is refused, naming it")
    void refusesRetainHandlingOutOfRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> SubscriptionOptions.of(QoS.AT_MOST_ONCE, false, false, 3))
            .withMessageContaining("retainHandling must be 0, 1 or 2, was 3");
    }

}
