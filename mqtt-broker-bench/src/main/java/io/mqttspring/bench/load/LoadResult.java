package io.mqttspring.bench.load;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

import io.mqttspring.bench.report.Result;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of one run, printed as one JSON line whose field names other tools parse. A field a scenario does
 * not measure stays {@code null}.
 */
public final class LoadResult {

    String broker;
    int round;
    String scenario;
    int qos;
    int payload;
    Integer publishers;
    Integer subscribers;
    Long connections;
    /** Messages per second of the latency publisher, or of each fleet device; {@code null} for the other scenarios. */
    Integer rate;
    Double durationSeconds;
    long sent;
    long received;
    Double throughput;
    Double drainThroughput;
    long lost;
    long duplicates;
    long misrouted;
    boolean ok;
    String failure;
    Double p50Micros;
    Double p99Micros;
    Double p999Micros;
    Double connectRate;
    /** Reconnect: the connect rate of the last wave, when the broker has seen the others. */
    Double warmConnectRate;
    /** Reconnect: the broker's CPU time per connection in the first wave and in the last, in microseconds. */
    Double coldCpuMicrosPerConnection;
    Double warmCpuMicrosPerConnection;
    Long rssBeforeKiB;
    Long rssAfterKiB;
    Double kibPerConnection;

    Double heapKibPerConnection;

    Double memoryKibPerConnection;
    /** Memory (RSS growth plus live-heap growth) per subscription or per retained message, in bytes. */
    Double bytesPerItem;
    /** Seconds until a subscriber had every retained message. */
    Double deliverySeconds;
    Long rssFirstKiB;
    Long rssLastKiB;
    Long rssMaxKiB;
    Double rssSlopeKiBPerMinute;
    Double brokerCpu;
    Double loadCpu;

    /**
     * Across the nodes of a cluster: the nodes other than the publishers' that subscribers were on, to each of which
     * a publication is forwarded once; {@code null} when all were on one.
     */
    Integer remoteNodes;

    LoadResult(LoadOptions options) {
        this.broker = options.label();
        this.round = options.round();
        // an open-loop run is its own row of the report
        this.scenario = options.scenario() + (options.openLoop() ? " (open loop)" : "") + (options.tls() ? " (TLS)" : "")
                + ((options.variant() != null) ? " (" + options.variant() + ")" : "")
                + (options.acrossNodes() ? " (across nodes)" : "");
        this.qos = options.qos();
        this.payload = options.payload();
    }

    public boolean ok() {
        return this.ok;
    }

    public String failure() {
        return this.failure;
    }

    /**
     * Fill the memory per connection (or device) from two readings of the broker; nothing when they cannot be
     * compared.
     * @param before the reading before the connections were opened
     * @param after the reading with them open
     * @param count how many connections were opened in between
     */
    void memoryPerConnection(BrokerMemory before, BrokerMemory after, int count) {
        if (!after.comparableTo(before)) {
            return;
        }
        this.rssBeforeKiB = before.rssKiB();
        this.rssAfterKiB = after.rssKiB();
        this.kibPerConnection = after.nativeGrowthKiB(before) / (double) count;
        Long heapGrowth = after.heapGrowthKiB(before);
        this.heapKibPerConnection = (heapGrowth != null) ? heapGrowth / (double) count : null;
        this.memoryKibPerConnection = this.kibPerConnection
                + ((this.heapKibPerConnection != null) ? this.heapKibPerConnection : 0.0);
    }

    void judge(Verdict verdict) {
        this.ok = verdict.ok();
        this.failure = verdict.failure();
    }

    /** The result as one line of JSON, fields in a fixed order. */
    public String toJson() {
        Map<String, @Nullable Object> fields = new LinkedHashMap<>();
        fields.put("broker", this.broker);
        fields.put("round", this.round);
        fields.put("scenario", this.scenario);
        fields.put("qos", this.qos);
        fields.put("payload", this.payload);
        fields.put("publishers", this.publishers);
        fields.put("subscribers", this.subscribers);
        fields.put("connections", this.connections);
        fields.put("rate", this.rate);
        fields.put("durationSeconds", decimal(this.durationSeconds, 3));
        fields.put("sent", this.sent);
        fields.put("received", this.received);
        fields.put("throughput", decimal(this.throughput, 1));
        fields.put("drainThroughput", decimal(this.drainThroughput, 1));
        fields.put("lost", this.lost);
        fields.put("duplicates", this.duplicates);
        fields.put("misrouted", this.misrouted);
        fields.put("ok", this.ok);
        fields.put("failure", this.failure);
        fields.put("p50Micros", decimal(this.p50Micros, 1));
        fields.put("p99Micros", decimal(this.p99Micros, 1));
        fields.put("p999Micros", decimal(this.p999Micros, 1));
        fields.put("connectRate", decimal(this.connectRate, 1));
        fields.put("warmConnectRate", decimal(this.warmConnectRate, 1));
        fields.put("coldCpuMicrosPerConnection", decimal(this.coldCpuMicrosPerConnection, 1));
        fields.put("warmCpuMicrosPerConnection", decimal(this.warmCpuMicrosPerConnection, 1));
        fields.put("rssBeforeKiB", this.rssBeforeKiB);
        fields.put("rssAfterKiB", this.rssAfterKiB);
        fields.put("kibPerConnection", decimal(this.kibPerConnection, 2));
        fields.put("heapKibPerConnection", decimal(this.heapKibPerConnection, 2));
        fields.put("memoryKibPerConnection", decimal(this.memoryKibPerConnection, 2));
        fields.put("bytesPerItem", decimal(this.bytesPerItem, 1));
        fields.put("deliverySeconds", decimal(this.deliverySeconds, 3));
        fields.put("rssFirstKiB", this.rssFirstKiB);
        fields.put("rssLastKiB", this.rssLastKiB);
        fields.put("rssMaxKiB", this.rssMaxKiB);
        fields.put("rssSlopeKiBPerMinute", decimal(this.rssSlopeKiBPerMinute, 1));
        fields.put("brokerCpu", decimal(this.brokerCpu, 3));
        fields.put("loadCpu", decimal(this.loadCpu, 3));
        fields.put("remoteNodes", this.remoteNodes);
        return Result.line(fields);
    }

    private static @Nullable BigDecimal decimal(@Nullable Double value, int places) {
        if (value == null || value.isNaN() || value.isInfinite()) {
            return null;
        }
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP);
    }

}
