package io.mqttspring.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RssTrendTests {

    @Test
    void slopeIsFittedOverTheSecondHalfOnly() {
        List<long[]> samples = new ArrayList<>();
        // ten minutes, one sample a minute: fast start-up growth, then 100 KiB a minute
        for (int minute = 0; minute <= 10; minute++) {
            long kib = minute < 5 ? 10_000 + minute * 5_000 : 40_000 + (minute - 5) * 100;
            samples.add(new long[] { TimeUnit.MINUTES.toNanos(minute), kib });
        }
        samples.add(0, samples.remove(7)); // arrival order must not matter
        LoadResult result = new LoadResult(LoadOptions.parse("--scenario", "soak"));
        RssTrend.fill(result, samples);
        assertThat(result.rssFirstKiB).isEqualTo(10_000);
        assertThat(result.rssLastKiB).isEqualTo(40_500);
        assertThat(result.rssMaxKiB).isEqualTo(40_500);
        assertThat(result.rssSlopeKiBPerMinute).isCloseTo(100.0, within(0.001));
    }

    @Test
    void noSlopeFromASingleSample() {
        LoadResult result = new LoadResult(LoadOptions.parse("--scenario", "soak"));
        RssTrend.fill(result, new ArrayList<>(List.<long[]>of(new long[] { 0, 5_000 })));
        assertThat(result.rssFirstKiB).isEqualTo(5_000);
        assertThat(result.rssSlopeKiBPerMinute).isNull();
    }

}
