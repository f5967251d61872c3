package io.mqttspring.listener.adapter;

import java.util.Map;

import io.mqttspring.listener.MqttListenerMethodAdapter;
import io.mqttspring.listener.TopicVariable;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandlingException;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.util.StringUtils;

/**
 * Resolves {@link TopicVariable @TopicVariable} parameters from the variables the listener's topic template
 * extracted, converting them to the parameter type.
 */
public class TopicVariableMethodArgumentResolver implements HandlerMethodArgumentResolver {

    /** Header under which the listener method adapter passes the extracted variables. */
    public static final String VARIABLES_HEADER = MqttListenerMethodAdapter.VARIABLES_HEADER;

    private final ConversionService conversionService;

    public TopicVariableMethodArgumentResolver() {
        this(DefaultConversionService.getSharedInstance());
    }

    public TopicVariableMethodArgumentResolver(ConversionService conversionService) {
        this.conversionService = conversionService;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.hasParameterAnnotation(TopicVariable.class);
    }

    @Override
    public @Nullable Object resolveArgument(MethodParameter parameter, Message<?> message) {
        TopicVariable annotation = parameter.getParameterAnnotation(TopicVariable.class);
        String name = (annotation != null && StringUtils.hasText(annotation.name())) ? annotation.name()
                : parameter.getParameterName();
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) message.getHeaders().get(VARIABLES_HEADER);
        String value = (variables != null && name != null) ? variables.get(name) : null;
        if (value == null) {
            throw new MessageHandlingException(message, "No topic variable '" + name + "' for parameter "
                    + parameter.getParameterIndex() + " of " + parameter.getExecutable());
        }
        return this.conversionService.convert(value, parameter.getParameterType());
    }

}
