package io.mqttspring.broker.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.util.ResourceLeakDetector;

/**
 * A Netty leak detector that remembers what it reports, so {@link LeakCheckExtension} can fail the build. Installed
 * with {@code -Dio.netty.customResourceLeakDetector} in the surefire configuration.
 *
 * @param <T> the resource type
 */
public class LeakRecordingDetector<T> extends ResourceLeakDetector<T> {

    private static final List<String> leaks = new CopyOnWriteArrayList<>();

    public LeakRecordingDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    public LeakRecordingDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        super(resourceType, samplingInterval);
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        leaks.add(resourceType + " leaked:" + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        leaks.add(resourceType + " leaked (no records)");
        super.reportUntracedLeak(resourceType);
    }

    static List<String> drain() {
        List<String> found = List.copyOf(leaks);
        leaks.clear();
        return found;
    }

}
