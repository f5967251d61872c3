package io.mqttspring.broker.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;

import io.mqttspring.broker.MqttBroker;

/**
 * One MQTT 3.1.1 connection of the broker's own, over loopback, so that a class-data sharing training run
 * ({@code --exit-after-start true}) also records the classes the first client's CONNECT loads. Its outcome does
 * not matter: a broker that refuses anonymous clients answers with a refusing CONNACK, which loads them too.
 */
final class TrainingConnection {

    /** CONNECT: protocol MQTT level 4, clean session, keep-alive 60 s, empty client id (the broker assigns one). */
    private static final byte[] CONNECT = { 0x10, 0x0C, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3C, 0x00,
        0x00 };

    private static final byte[] DISCONNECT = { (byte) 0xE0, 0x00 };

    private TrainingConnection() {
    }

    static void run(MqttBroker broker) {
        if (!broker.config().tcpEnabled()) {
            return;
        }
        InetAddress bound = broker.address().getAddress();
        InetAddress host = bound.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : bound;
        try (Socket socket = new Socket(host, broker.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(CONNECT);
            out.flush();
            InputStream in = socket.getInputStream();
            in.readNBytes(4);
            out.write(DISCONNECT);
            out.flush();
        }
        catch (IOException ex) {
            // a training run that could not connect still recorded the start-up's classes
        }
        broker.stop();
    }

}
