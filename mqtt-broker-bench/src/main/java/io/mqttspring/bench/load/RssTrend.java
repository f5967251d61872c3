package io.mqttspring.bench.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The broker's RSS over a soak: first, last and largest sample, and the least-squares slope over the second half of
 * the run, when start-up growth is over and only a leak would keep it rising.
 */
final class RssTrend {

    private RssTrend() {
    }

    /**
     * @param samples pairs of (nanoseconds since the start, KiB)
     */
    static void fill(LoadResult result, List<long[]> samples) {
        List<long[]> sorted;
        synchronized (samples) {
            sorted = new ArrayList<>(samples);
        }
        if (sorted.isEmpty()) {
            return;
        }
        sorted.sort(Comparator.comparingLong(sample -> sample[0]));
        result.rssFirstKiB = sorted.get(0)[1];
        result.rssLastKiB = sorted.get(sorted.size() - 1)[1];
        result.rssMaxKiB = sorted.stream().mapToLong(sample -> sample[1]).max().getAsLong();
        long half = sorted.get(sorted.size() - 1)[0] / 2;
        result.rssSlopeKiBPerMinute = slopePerMinute(sorted.stream().filter(sample -> sample[0] >= half).toList());
    }

    /** Least-squares slope in KiB per minute; {@code null} with fewer than two samples. */
    static Double slopePerMinute(List<long[]> samples) {
        int n = samples.size();
        if (n < 2) {
            return null;
        }
        double meanX = 0;
        double meanY = 0;
        for (long[] sample : samples) {
            meanX += sample[0] / 60e9;
            meanY += sample[1];
        }
        meanX /= n;
        meanY /= n;
        double covariance = 0;
        double variance = 0;
        for (long[] sample : samples) {
            double dx = sample[0] / 60e9 - meanX;
            covariance += dx * (sample[1] - meanY);
            variance += dx * dx;
        }
        return variance == 0 ? null : covariance / variance;
    }

}
