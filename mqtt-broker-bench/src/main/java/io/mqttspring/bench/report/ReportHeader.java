package io.mqttspring.bench.report;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What the report says before its tables, as run-comparison.sh hands it over.
 * @param generatedAt when the report was made, as printed
 * @param command the command that produced the results, or {@code null} if unknown
 * @param notice a warning shown at the top (such as a quick smoke run), or {@code null}
 * @param machine facts about the machine, one bullet each ({@code CPU: ...})
 * @param method how the runs were made, one bullet each (rounds, JVM flags and why, durations)
 * @param brokerNotes per broker label, its non-default settings
 */
public record ReportHeader(String generatedAt, @Nullable String command, @Nullable String notice,
        List<String> machine, List<String> method, Map<String, String> brokerNotes) {

    public ReportHeader {
        machine = List.copyOf(machine);
        method = List.copyOf(method);
        brokerNotes = Map.copyOf(brokerNotes);
    }

}
