package io.mqttspring.core;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.AbstractMessageConverter;
import org.springframework.util.MimeTypeUtils;

/**
 * Converts between {@code byte[]} payloads and read-only {@link ByteBuffer}s.
 */
public class ByteBufferMessageConverter extends AbstractMessageConverter {

    public ByteBufferMessageConverter() {
        super(MimeTypeUtils.ALL);
    }

    @Override
    protected boolean supports(Class<?> clazz) {
        return ByteBuffer.class.isAssignableFrom(clazz);
    }

    @Override
    protected @Nullable Object convertFromInternal(Message<?> message, Class<?> targetClass,
            @Nullable Object conversionHint) {
        return (message.getPayload() instanceof byte[] bytes) ? ByteBuffer.wrap(bytes).asReadOnlyBuffer() : null;
    }

    @Override
    protected @Nullable Object convertToInternal(Object payload, @Nullable MessageHeaders headers,
            @Nullable Object conversionHint) {
        ByteBuffer buffer = ((ByteBuffer) payload).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

}
