package io.mqttspring.bench.load;

import java.util.Locale;

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
    Double durationSeconds;
    long sent;
    long received;
    Double throughput;
    long lost;
    long duplicates;
    long misrouted;
    boolean ok;
    String failure;
    Double p50Micros;
    Double p99Micros;
    Double p999Micros;
    Double connectRate;
    Long rssBeforeKiB;
    Long rssAfterKiB;
    Double kibPerConnection;

    Double heapKibPerConnection;

    Double memoryKibPerConnection;
    Long rssFirstKiB;
    Long rssLastKiB;
    Long rssMaxKiB;
    Double rssSlopeKiBPerMinute;
    Double brokerCpu;
    Double loadCpu;

    LoadResult(LoadOptions options) {
        this.broker = options.label();
        this.round = options.round();
        this.scenario = options.scenario();
        this.qos = options.qos();
        this.payload = options.payload();
    }

    public boolean ok() {
        return this.ok;
    }

    public String failure() {
        return this.failure;
    }

    /** Set the verdict. */
    void judge(Verdict verdict) {
        this.ok = verdict.ok();
        this.failure = verdict.failure();
    }

    /** The result as one line of JSON, fields in a fixed order. */
    public String toJson() {
        StringBuilder json = new StringBuilder(768).append('{');
        field(json, "broker", quote(this.broker));
        field(json, "round", this.round);
        field(json, "scenario", quote(this.scenario));
        field(json, "qos", this.qos);
        field(json, "payload", this.payload);
        field(json, "publishers", this.publishers);
        field(json, "subscribers", this.subscribers);
        field(json, "connections", this.connections);
        field(json, "durationSeconds", decimal(this.durationSeconds, 3));
        field(json, "sent", this.sent);
        field(json, "received", this.received);
        field(json, "throughput", decimal(this.throughput, 1));
        field(json, "lost", this.lost);
        field(json, "duplicates", this.duplicates);
        field(json, "misrouted", this.misrouted);
        field(json, "ok", this.ok);
        field(json, "failure", quote(this.failure));
        field(json, "p50Micros", decimal(this.p50Micros, 1));
        field(json, "p99Micros", decimal(this.p99Micros, 1));
        field(json, "p999Micros", decimal(this.p999Micros, 1));
        field(json, "connectRate", decimal(this.connectRate, 1));
        field(json, "rssBeforeKiB", this.rssBeforeKiB);
        field(json, "rssAfterKiB", this.rssAfterKiB);
        field(json, "kibPerConnection", decimal(this.kibPerConnection, 2));
        field(json, "heapKibPerConnection", decimal(this.heapKibPerConnection, 2));
        field(json, "memoryKibPerConnection", decimal(this.memoryKibPerConnection, 2));
        field(json, "rssFirstKiB", this.rssFirstKiB);
        field(json, "rssLastKiB", this.rssLastKiB);
        field(json, "rssMaxKiB", this.rssMaxKiB);
        field(json, "rssSlopeKiBPerMinute", decimal(this.rssSlopeKiBPerMinute, 1));
        field(json, "brokerCpu", decimal(this.brokerCpu, 3));
        field(json, "loadCpu", decimal(this.loadCpu, 3));
        json.setCharAt(json.length() - 1, '}');
        return json.toString();
    }

    private static void field(StringBuilder json, String name, Object value) {
        json.append('"').append(name).append("\":").append(value).append(',');
    }

    private static String decimal(Double value, int places) {
        if (value == null || value.isNaN() || value.isInfinite()) {
            return null;
        }
        return String.format(Locale.ROOT, "%." + places + "f", value);
    }

    static String quote(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    }
                    else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

}
