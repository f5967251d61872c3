package io.mqttspring.broker.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import io.mqttspring.broker.codec.ApplicationMessageCodec;
import io.mqttspring.broker.message.ApplicationMessage;

import org.jspecify.annotations.Nullable;

/**
 * A publication as one node sends it to another: encoded once, whatever the number of nodes it goes to.
 *
 * @param message the message as published
 * @param publisherClientId the publisher, or {@code null}
 */
record ForwardedMessage(ApplicationMessage message, @Nullable String publisherClientId) {

    private static final byte VERSION = 1;

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + this.message.payload().length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            ApplicationMessageCodec.writeNullable(out, this.publisherClientId);
            ApplicationMessageCodec.write(out, this.message);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    static ForwardedMessage decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("Forwarded message of version " + version + ", this node reads "
                        + VERSION + ": run one broker version across the cluster");
            }
            String publisher = ApplicationMessageCodec.readNullable(in);
            return new ForwardedMessage(ApplicationMessageCodec.read(in), publisher);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
