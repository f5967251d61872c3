package io.mqttspring.broker;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's public surface is its module's exported packages: applications reach nothing else, and nothing
 * there lets Netty or an internal type out.
 */
class PublicApiTests {

    private static final Set<String> API = Set.of("io.mqttspring.broker", "io.mqttspring.broker.bridge",
            "io.mqttspring.broker.config",
            "io.mqttspring.broker.core", "io.mqttspring.broker.message", "io.mqttspring.broker.metrics",
            "io.mqttspring.broker.persistence", "io.mqttspring.broker.persistence.memory",
            "io.mqttspring.broker.security");

    private static Path engineClasses() throws URISyntaxException {
        return Path.of(MqttBroker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static ModuleDescriptor descriptor() throws IOException, URISyntaxException {
        try (InputStream in = Files.newInputStream(engineClasses().resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    @Test
    @DisplayName("the engine module exports the API and SPI packages, and only those")
    void exportsApiAndSpiOnly() throws IOException, URISyntaxException {
        ModuleDescriptor descriptor = descriptor();
        assertThat(descriptor.name()).isEqualTo("io.mqttspring.broker");
        assertThat(descriptor.exports()).allSatisfy((exports) -> assertThat(exports.isQualified()).isFalse());
        assertThat(descriptor.exports().stream().map(ModuleDescriptor.Exports::source))
                .containsExactlyInAnyOrderElementsOf(API);
        assertThat(descriptor.opens()).isEmpty();
    }

    @Test
    @DisplayName("no public or protected member of an exported type mentions Netty or an engine package that is not "
            + "exported")
    void exportedTypesExposeOnlyExportedTypes() throws Exception {
        Set<String> leaks = new TreeSet<>();
        for (Class<?> type : exportedTypes()) {
            for (Type mentioned : signatureTypes(type)) {
                collectClasses(mentioned).stream().filter(PublicApiTests::isHidden)
                        .forEach((hidden) -> leaks.add(type.getName() + " -> " + hidden.getName()));
            }
        }
        assertThat(leaks).isEmpty();
    }

    private static boolean isHidden(Class<?> type) {
        String name = type.getName();
        if (name.startsWith("io.netty.")) {
            return true;
        }
        return name.startsWith("io.mqttspring.broker") && !API.contains(type.getPackageName());
    }

    private static List<Class<?>> exportedTypes() throws URISyntaxException, IOException, ClassNotFoundException {
        Path classes = engineClasses();
        List<Class<?>> types = new ArrayList<>();
        for (String packageName : API) {
            Path directory = classes.resolve(packageName.replace('.', '/'));
            List<Path> files;
            try (Stream<Path> listing = Files.list(directory)) {
                files = listing.filter((file) -> file.toString().endsWith(".class")).toList();
            }
            for (Path file : files) {
                String simpleName = file.getFileName().toString().replace(".class", "");
                if (simpleName.equals("package-info")) {
                    continue;
                }
                Class<?> type = Class.forName(packageName + "." + simpleName, false,
                        PublicApiTests.class.getClassLoader());
                if (isVisible(type)) {
                    types.add(type);
                }
            }
        }
        assertThat(types).as("exported types found").hasSizeGreaterThan(20);
        return types;
    }

    private static boolean isVisible(Class<?> type) {
        for (Class<?> current = type; current != null; current = current.getDeclaringClass()) {
            int modifiers = current.getModifiers();
            if (!Modifier.isPublic(modifiers) && !Modifier.isProtected(modifiers)) {
                return false;
            }
        }
        return !type.isSynthetic() && !type.isAnonymousClass();
    }

    private static List<Type> signatureTypes(Class<?> type) {
        List<Type> types = new ArrayList<>();
        if (type.getGenericSuperclass() != null) {
            types.add(type.getGenericSuperclass());
        }
        types.addAll(List.of(type.getGenericInterfaces()));
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (isExposed(constructor.getModifiers(), type)) {
                types.addAll(List.of(constructor.getGenericParameterTypes()));
                types.addAll(List.of(constructor.getGenericExceptionTypes()));
            }
        }
        for (Method method : type.getDeclaredMethods()) {
            if (isExposed(method.getModifiers(), type) && !method.isSynthetic()) {
                types.add(method.getGenericReturnType());
                types.addAll(List.of(method.getGenericParameterTypes()));
                types.addAll(List.of(method.getGenericExceptionTypes()));
            }
        }
        for (Field field : type.getDeclaredFields()) {
            if (isExposed(field.getModifiers(), type) && !field.isSynthetic()) {
                types.add(field.getGenericType());
            }
        }
        return types;
    }

    private static boolean isExposed(int modifiers, Class<?> owner) {
        // interface members are public; protected members of a final class cannot be reached
        return Modifier.isPublic(modifiers) || owner.isInterface()
                || (Modifier.isProtected(modifiers) && !Modifier.isFinal(owner.getModifiers()));
    }

    private static Set<Class<?>> collectClasses(Type type) {
        Set<Class<?>> classes = new java.util.HashSet<>();
        collect(type, classes, new java.util.HashSet<>());
        return classes;
    }

    private static void collect(Type type, Set<Class<?>> classes, Set<Type> seen) {
        if (!seen.add(type)) {
            return;
        }
        if (type instanceof Class<?> plain) {
            classes.add(plain.isArray() ? plain.getComponentType() : plain);
        }
        else if (type instanceof ParameterizedType parameterized) {
            collect(parameterized.getRawType(), classes, seen);
            Stream.of(parameterized.getActualTypeArguments()).forEach((argument) -> collect(argument, classes, seen));
        }
        else if (type instanceof GenericArrayType array) {
            collect(array.getGenericComponentType(), classes, seen);
        }
        else if (type instanceof WildcardType wildcard) {
            Stream.concat(Stream.of(wildcard.getUpperBounds()), Stream.of(wildcard.getLowerBounds()))
                    .forEach((bound) -> collect(bound, classes, seen));
        }
        else if (type instanceof TypeVariable<?> variable) {
            Stream.of(variable.getBounds()).forEach((bound) -> collect(bound, classes, seen));
        }
    }

    @Test
    @DisplayName("the check itself sees a leak: an engine type whose public method returns a Netty type fails it")
    void checkFindsLeaks() {
        Set<String> mentioned = signatureTypes(io.mqttspring.broker.protocol.MqttConnections.class).stream()
                .flatMap((type) -> collectClasses(type).stream()).filter(PublicApiTests::isHidden)
                .map(Class::getName).collect(Collectors.toSet());
        assertThat(mentioned).contains("io.netty.channel.ChannelHandler");
    }

}
