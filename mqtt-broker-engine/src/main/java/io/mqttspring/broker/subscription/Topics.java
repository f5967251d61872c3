package io.mqttspring.broker.subscription;

/**
 * Splitting of topic names and filters into levels, without regular expressions.
 */
final class Topics {

    private Topics() {
    }

    static String[] split(String value, int levelCount) {
        String[] levels = new String[levelCount];
        int start = 0;
        int index = 0;
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) == '/') {
                levels[index++] = value.substring(start, i);
                start = i + 1;
            }
        }
        levels[index] = value.substring(start);
        return levels;
    }

    /** [MQTT-4.7.3-3] topic names and filters encode to at most 65,535 bytes. */
    static final int MAX_ENCODED_LENGTH = 65_535;

    /**
     * Return whether a topic encodes to more than 65,535 UTF-8 bytes, counting without allocating.
     */
    static boolean isTooLong(String value) {
        if (value.length() * 3L <= MAX_ENCODED_LENGTH) {
            return false;
        }
        long bytes = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                bytes++;
            }
            else if (c < 0x800) {
                bytes += 2;
            }
            else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            }
            else {
                bytes += 3;
            }
        }
        return bytes > MAX_ENCODED_LENGTH;
    }

    static int countLevels(String value) {
        int count = 1;
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) == '/') {
                count++;
            }
        }
        return count;
    }

}
