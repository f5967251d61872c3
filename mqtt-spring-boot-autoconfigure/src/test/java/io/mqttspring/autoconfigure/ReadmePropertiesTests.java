package io.mqttspring.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the property table of the README in step with the configuration metadata the build generates.
 */
class ReadmePropertiesTests {

    private static final Pattern ROW = Pattern.compile("^\\| `(mqtt\\.[^`]+)` \\| (.*?) \\| (.*) \\|$");

    private static Map<String, Row> readme;

    private static Map<String, Row> metadata;

    @BeforeAll
    static void load() throws IOException {
        readme = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("../README.md"), StandardCharsets.UTF_8)) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                String defaultValue = row.group(2).trim();
                if (defaultValue.startsWith("`") && defaultValue.endsWith("`")) {
                    defaultValue = defaultValue.substring(1, defaultValue.length() - 1);
                }
                Row previous = readme.put(row.group(1), new Row(defaultValue, row.group(3).trim()));
                assertThat(previous).as("README lists %s twice", row.group(1)).isNull();
            }
        }
        metadata = new LinkedHashMap<>();
        JsonNode json = JsonMapper.builder()
            .build()
            .readTree(Path.of("target/classes/META-INF/spring-configuration-metadata.json").toFile());
        for (JsonNode property : json.get("properties")) {
            String name = property.get("name").asString();
            if (name.startsWith("mqtt.")) {
                JsonNode defaultValue = property.get("defaultValue");
                JsonNode description = property.get("description");
                metadata.put(name, new Row((defaultValue != null) ? defaultValue.asString() : "",
                        (description != null) ? description.asString() : ""));
            }
        }
    }

    @Test
    void metadataAndReadmeAreNotEmpty() {
        assertThat(metadata).hasSizeGreaterThan(30);
        assertThat(readme).hasSizeGreaterThan(30);
    }

    @Test
    void everyPropertyIsInTheReadmeWithItsDefault() {
        assertThat(readme.keySet()).containsAll(metadata.keySet());
        metadata.forEach((name, row) -> assertThat(readme.get(name).defaultValue()).as("default of %s", name)
            .isEqualTo(row.defaultValue()));
    }

    @Test
    void readmeNamesNoPropertyTheMetadataLacks() {
        assertThat(metadata.keySet()).containsAll(readme.keySet());
    }

    @Test
    void readmeDescriptionsMatchTheMetadata() {
        metadata.forEach((name, row) -> assertThat(readme.get(name)).as(name)
            .isNotNull()
            .extracting(Row::description)
            .isEqualTo(row.description()));
    }

    record Row(String defaultValue, String description) {
    }

}
