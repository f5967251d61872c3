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
