package io.mqttspring.listener;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * A topic filter whose levels may be named variables: {@code sensors/{room}/temperature} subscribes to
 * {@code sensors/+/temperature} and extracts {@code room} from each matching topic. A plain filter is a template
 * without variables.
 */
public final class TopicTemplate {

    private final String template;

    private final String filter;

    private final String[] levels;

    private final String[] variables;

    private TopicTemplate(String template, String filter, String[] levels, String[] variables) {
        this.template = template;
        this.filter = filter;
        this.levels = levels;
        this.variables = variables;
    }

    /**
     * Parse a template.
     * @param template the template or plain topic filter
     * @return the parsed template
     * @throws IllegalArgumentException if a variable does not fill a whole level or a name repeats
     */
    public static TopicTemplate parse(String template) {
        Assert.hasText(template, "'template' must not be empty");
        String[] levels = template.split("/", -1);
        String[] variables = new String[levels.length];
        List<String> names = new ArrayList<>();
        StringBuilder filter = new StringBuilder(template.length());
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.startsWith("{") && level.endsWith("}") && level.length() > 2) {
                String name = level.substring(1, level.length() - 1);
                Assert.isTrue(!names.contains(name), () -> "Topic variable '" + name + "' repeats in " + template);
                names.add(name);
                variables[i] = name;
                level = "+";
            }
            else if (level.indexOf('{') >= 0 || level.indexOf('}') >= 0) {
                throw new IllegalArgumentException("A topic variable must fill a whole level: " + template);
            }
            if (i > 0) {
                filter.append('/');
            }
            filter.append(level);
        }
        return new TopicTemplate(template, filter.toString(), levels, variables);
    }

    /**
     * Return the template as written.
     * @return the template
     */
    public String template() {
        return this.template;
    }

    /**
     * Return the MQTT topic filter to subscribe to.
     * @return the filter, variables replaced by {@code +}
     */
    public String filter() {
        return this.filter;
    }

    /**
     * Return whether the template has variables.
     * @return {@code true} if at least one level is a variable
     */
    public boolean hasVariables() {
        for (String variable : this.variables) {
            if (variable != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Match a topic name against the filter and extract the variables.
     * @param topic the topic name
     * @return the variables by name (empty for a template without variables), or {@code null} if the topic does
     * not match
     */
    public @Nullable Map<String, String> match(String topic) {
        String[] topicLevels = topic.split("/", -1);
        if (topic.startsWith("$") && (this.levels[0].equals("#") || this.levels[0].equals("+")
                || this.variables[0] != null)) {
            return null;
        }
        Map<String, String> values = null;
        for (int i = 0; i < this.levels.length; i++) {
            String level = (this.variables[i] != null) ? "+" : this.levels[i];
            if (level.equals("#")) {
                return (values != null) ? values : Collections.emptyMap();
            }
            if (i >= topicLevels.length) {
                return null;
            }
            if (this.variables[i] != null) {
                if (values == null) {
                    values = new LinkedHashMap<>();
                }
                values.put(this.variables[i], topicLevels[i]);
            }
            else if (!level.equals("+") && !level.equals(topicLevels[i])) {
                return null;
            }
        }
        if (topicLevels.length != this.levels.length) {
            return null;
        }
        return (values != null) ? values : Collections.emptyMap();
    }

    /**
     * Fill a template's variables, for reply topics such as {@code alerts/{room}}.
     * @param variables the values by name
     * @return the topic with variables replaced
     * @throws IllegalArgumentException if a variable has no value
     */
    public String expand(Map<String, String> variables) {
        StringBuilder topic = new StringBuilder();
        for (int i = 0; i < this.levels.length; i++) {
            if (i > 0) {
                topic.append('/');
            }
            String name = this.variables[i];
            if (name != null) {
                String value = variables.get(name);
                Assert.notNull(value, () -> "No value for topic variable '" + name + "' of " + this.template);
                topic.append(value);
            }
            else {
                topic.append(this.levels[i]);
            }
        }
        return topic.toString();
    }

    @Override
    public String toString() {
        return this.template;
    }

}
