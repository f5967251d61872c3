package io.mqttspring.broker.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import io.mqttspring.broker.codec.ApplicationMessageCodec;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.will.WillMessage;

import org.jspecify.annotations.Nullable;

/**
 * A connected client's will as the cluster keeps it: the node it is connected to, the user it authenticated as (for
 * the authorization of the will when another node publishes it), and the message.
 *
 * @param owner the node the client is connected to
 * @param username the client's user name, or {@code null}
 * @param message the will message
 */
record TrackedWill(String owner, @Nullable String username, ApplicationMessage message) {

    static byte[] encode(String owner, @Nullable String username, WillMessage will) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + will.message().payload().length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            ApplicationMessageCodec.writeString(out, owner);
            ApplicationMessageCodec.writeNullable(out, username);
            ApplicationMessageCodec.write(out, will.message());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    static TrackedWill decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return new TrackedWill(ApplicationMessageCodec.readString(in), ApplicationMessageCodec.readNullable(in),
                    ApplicationMessageCodec.read(in));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
