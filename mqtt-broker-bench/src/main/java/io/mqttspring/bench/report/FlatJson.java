package io.mqttspring.bench.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Reads and writes the one shape the benchmark tools exchange: a flat JSON object whose values are strings, numbers,
 * booleans or {@code null}, one per line. Nested objects and arrays are refused. Numbers are read as {@code double}
 * (exact for every integer the tools print). The static methods are thread-safe: each parse has its own reader.
 */
public final class FlatJson {

    private final String text;

    private int pos;

    private FlatJson(String text) {
        this.text = text;
    }

    /**
     * Parse one flat JSON object.
     * @param line the object, surrounding whitespace allowed
     * @return the members in their order; values are {@link String}, {@link Double}, {@link Boolean} or {@code null}
     * @throws IllegalArgumentException if the line is not a flat JSON object, naming the offset
     */
    public static Map<String, @Nullable Object> parse(String line) {
        return new FlatJson(line).object();
    }

    /**
     * Quote a string as a JSON string literal.
     * @param value the string
     * @return the literal, with its quotes
     */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    }
                    else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private Map<String, @Nullable Object> object() {
        Map<String, @Nullable Object> members = new LinkedHashMap<>();
        skipWhitespace();
        expect('{');
        skipWhitespace();
        if (peek() == '}') {
            this.pos++;
        }
        else {
            while (true) {
                skipWhitespace();
                String name = string();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                if (members.containsKey(name)) {
                    throw error("duplicate member \"" + name + "\"");
                }
                members.put(name, value());
                skipWhitespace();
                char next = next();
                if (next == '}') {
                    break;
                }
                if (next != ',') {
                    this.pos--;
                    throw error("expected ',' or '}'");
                }
            }
        }
        skipWhitespace();
        if (this.pos < this.text.length()) {
            throw error("unexpected text after the object");
        }
        return Collections.unmodifiableMap(members);
    }

    private @Nullable Object value() {
        char c = peek();
        return switch (c) {
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            case '{', '[' -> throw error("nested objects and arrays are not supported");
            default -> {
                if (c == '-' || isDigit(c)) {
                    yield number();
                }
                throw error("unexpected character '" + c + "'");
            }
        };
    }

    private @Nullable Object literal(String word, @Nullable Object value) {
        if (!this.text.startsWith(word, this.pos)) {
            throw error("expected " + word);
        }
        this.pos += word.length();
        return value;
    }

    private Double number() {
        int start = this.pos;
        if (peek() == '-') {
            this.pos++;
        }
        digits();
        if (at('.')) {
            this.pos++;
            digits();
        }
        if (at('e') || at('E')) {
            this.pos++;
            if (at('+') || at('-')) {
                this.pos++;
            }
            digits();
        }
        return Double.valueOf(this.text.substring(start, this.pos));
    }

    private boolean at(char c) {
        return this.pos < this.text.length() && this.text.charAt(this.pos) == c;
    }

    private void digits() {
        int start = this.pos;
        while (this.pos < this.text.length() && isDigit(this.text.charAt(this.pos))) {
            this.pos++;
        }
        if (this.pos == start) {
            throw error("expected a digit");
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                this.pos--;
                throw error("control character in a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char escaped = next();
            switch (escaped) {
                case '"', '\\', '/' -> out.append(escaped);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (this.pos + 4 > this.text.length()) {
                        throw error("incomplete \\u escape");
                    }
                    try {
                        out.append((char) Integer.parseInt(this.text.substring(this.pos, this.pos + 4), 16));
                    }
                    catch (NumberFormatException ex) {
                        throw error("bad \\u escape");
                    }
                    this.pos += 4;
                }
                default -> {
                    this.pos--;
                    throw error("bad escape '\\" + escaped + "'");
                }
            }
        }
    }

    private void expect(char expected) {
        if (this.pos >= this.text.length() || this.text.charAt(this.pos) != expected) {
            throw error("expected '" + expected + "'");
        }
        this.pos++;
    }

    private char peek() {
        if (this.pos >= this.text.length()) {
            throw error("unexpected end of line");
        }
        return this.text.charAt(this.pos);
    }

    private char next() {
        char c = peek();
        this.pos++;
        return c;
    }

    private void skipWhitespace() {
        while (this.pos < this.text.length() && " \t\r\n".indexOf(this.text.charAt(this.pos)) >= 0) {
            this.pos++;
        }
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException(message + " at offset " + this.pos);
    }

}
