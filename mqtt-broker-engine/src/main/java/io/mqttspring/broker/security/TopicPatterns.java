package io.mqttspring.broker.security;

/**
 * Compares ACL topic patterns with topic names and topic filters, level by level, with MQTT's wildcard rules.
 */
final class TopicPatterns {

    private TopicPatterns() {
    }

    /**
     * Return whether every topic a filter (or a topic name) matches is also matched by a pattern: {@code sensors/#}
     * covers {@code sensors/+/temp} and {@code sensors/a}, not {@code #}. As in MQTT, a pattern starting with a
     * wildcard does not reach topics starting with {@code $} [MQTT-4.7.2-1].
     * @param pattern the rule's pattern
     * @param filter the topic name or filter asked for
     * @return whether the pattern covers it
     */
    static boolean covers(String pattern, String filter) {
        if (filter.startsWith("$") && (pattern.startsWith("+") || pattern.startsWith("#"))) {
            return false;
        }
        int p = 0;
        int f = 0;
        while (true) {
            int patternEnd = levelEnd(pattern, p);
            int filterEnd = levelEnd(filter, f);
            int patternLength = patternEnd - p;
            if (patternLength == 1 && pattern.charAt(p) == '#') {
                return true;
            }
            int filterLength = filterEnd - f;
            boolean filterMulti = filterLength == 1 && filter.charAt(f) == '#';
            if (patternLength == 1 && pattern.charAt(p) == '+') {
                if (filterMulti) {
                    return false;
                }
            }
            else if (patternLength != filterLength || !pattern.regionMatches(p, filter, f, patternLength)) {
                return false;
            }
            boolean patternDone = patternEnd == pattern.length();
            boolean filterDone = filterEnd == filter.length();
            if (patternDone || filterDone) {
                // "a/#" also covers "a": its '#' matches the parent level
                return patternDone && filterDone || (filterDone && pattern.regionMatches(patternEnd, "/#", 0, 2)
                        && patternEnd + 2 == pattern.length());
            }
            p = patternEnd + 1;
            f = filterEnd + 1;
        }
    }

    private static int levelEnd(String value, int from) {
        int slash = value.indexOf('/', from);
        return (slash < 0) ? value.length() : slash;
    }

}
