package io.mqttspring.core;

import java.nio.charset.StandardCharsets;

import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.util.MimeTypeUtils;

/**
 * Converts between bytes and {@code String} whatever content type a message declares: a listener that asks for a
 * {@code String} gets the text of a JSON or XML payload too. UTF-8 unless the content type names a charset.
 */
public class TextMessageConverter extends StringMessageConverter {

    public TextMessageConverter() {
        super(StandardCharsets.UTF_8);
        addSupportedMimeTypes(MimeTypeUtils.ALL);
    }

}
