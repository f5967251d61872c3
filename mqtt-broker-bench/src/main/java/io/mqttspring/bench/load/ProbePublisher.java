package io.mqttspring.bench.load;

/**
 * Sends one message to each of a list of targets, topic {@code prefix + target}, carrying the target as publisher
 * index and sequence number 0: enough to prove an idle subscriber still receives what is meant for it and only that.
 */
final class ProbePublisher extends PublisherConnection {

    private final int[] targets;
    private final PublishTemplate[] templates;
    private int next;
    private boolean running;

    ProbePublisher(String clientId, String topicPrefix, int[] targets, int qos, int payloadSize, int maxInflight,
            FailureLog failures) {
        super(clientId, null, qos, maxInflight, failures);
        this.targets = targets;
        this.templates = new PublishTemplate[targets.length];
        for (int i = 0; i < targets.length; i++) {
            this.templates[i] = new PublishTemplate(topicPrefix + targets[i], qos, payloadSize);
        }
    }

    void start() {
        execute(() -> {
            this.running = true;
            pump();
        });
    }

    @Override
    protected void pump() {
        if (!this.running) {
            return;
        }
        long now = System.nanoTime();
        while (this.next < this.targets.length && canSend()) {
            append(this.templates[this.next], this.targets[this.next], 0, now);
            this.next++;
        }
        endBurst();
    }

}
