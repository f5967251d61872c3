package io.mqttspring.autoconfigure;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.mqttspring.broker.MqttBroker;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter uses the engine as any application would: through the packages the engine's module exports. Spring
 * Boot applications run on the class path, where the module boundary is not enforced, so this test enforces it for
 * the starter's own code.
 */
class EngineApiUsageTests {

    private static final Pattern ENGINE_IMPORT = Pattern.compile(
            "^import (?:static )?(io\\.mqttspring\\.broker(?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]", Pattern.MULTILINE);

    @Test
    @DisplayName("the starter imports only packages the engine module exports")
    void importsOnlyExportedEnginePackages() throws IOException, URISyntaxException {
        Set<String> exported = engineDescriptor().exports().stream().map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet());
        assertThat(exported).contains("io.mqttspring.broker");
        Set<String> used = new TreeSet<>();
        Set<String> violations = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter((file) -> file.toString().endsWith(".java")).toList()) {
                Matcher imports = ENGINE_IMPORT.matcher(Files.readString(source));
                while (imports.find()) {
                    used.add(imports.group(1));
                    if (!exported.contains(imports.group(1))) {
                        violations.add(source + " imports " + imports.group(1));
                    }
                }
            }
        }
        assertThat(used).as("engine packages the starter uses").contains("io.mqttspring.broker",
                "io.mqttspring.broker.message");
        assertThat(violations).isEmpty();
    }

    private static ModuleDescriptor engineDescriptor() throws URISyntaxException {
        Path engine = Path.of(MqttBroker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<ModuleReference> modules = ModuleFinder.of(engine).findAll();
        assertThat(modules).as("the engine module at %s", engine).hasSize(1);
        return modules.iterator().next().descriptor();
    }

}
