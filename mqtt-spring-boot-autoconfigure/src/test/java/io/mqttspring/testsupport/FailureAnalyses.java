package io.mqttspring.testsupport;

import java.util.List;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;

/**
 * Runs the failure analyzers registered in {@code spring.factories}, as Spring Boot does when an application fails to
 * start.
 */
public final class FailureAnalyses {

    private FailureAnalyses() {
    }

    public static List<FailureAnalyzer> analyzers() {
        ArgumentResolver arguments = ArgumentResolver.of(BeanFactory.class, new DefaultListableBeanFactory())
            .and(Environment.class, new StandardEnvironment());
        return SpringFactoriesLoader.forDefaultResourceLocation().load(FailureAnalyzer.class, arguments);
    }

    public static FailureAnalysis analyze(Throwable failure) {
        for (FailureAnalyzer analyzer : analyzers()) {
            FailureAnalysis analysis = analyzer.analyze(failure);
            if (analysis != null) {
                return analysis;
            }
        }
        throw new AssertionError("No failure analyzer explains " + failure);
    }

}
