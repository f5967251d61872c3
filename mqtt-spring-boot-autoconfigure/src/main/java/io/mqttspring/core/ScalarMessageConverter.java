package io.mqttspring.core;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanUtils;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.AbstractMessageConverter;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

/**
 * Reads text payloads as simple values (numbers, booleans, enums, UUIDs ...) whatever content type they declare, so
 * a listener taking a {@code double} gets {@code 21.5} from a sensor that publishes the text {@code 21.5}, with or
 * without a content type. Read-only: outbound values are written by the other converters.
 */
public class ScalarMessageConverter extends AbstractMessageConverter {

    private final ConversionService conversionService;

    public ScalarMessageConverter() {
        this(DefaultConversionService.getSharedInstance());
    }

    public ScalarMessageConverter(ConversionService conversionService) {
        super(MimeTypeUtils.ALL);
        this.conversionService = conversionService;
    }

    @Override
    protected boolean supports(Class<?> clazz) {
        return clazz != String.class && !CharSequence.class.isAssignableFrom(clazz)
                && BeanUtils.isSimpleValueType(clazz) && this.conversionService.canConvert(String.class, clazz);
    }

    @Override
    protected boolean canConvertTo(Object payload, @Nullable MessageHeaders headers) {
        return false;
    }

    @Override
    protected @Nullable Object convertFromInternal(Message<?> message, Class<?> targetClass,
            @Nullable Object conversionHint) {
        if (!(message.getPayload() instanceof byte[] bytes)) {
            return null;
        }
        MimeType contentType = getMimeType(message.getHeaders());
        Charset charset = (contentType != null && contentType.getCharset() != null) ? contentType.getCharset()
                : StandardCharsets.UTF_8;
        String text = new String(bytes, charset).trim();
        try {
            return this.conversionService.convert(text, targetClass);
        }
        catch (RuntimeException ex) {
            // not this kind of value: let the next converter (JSON) try
            return null;
        }
    }

}
