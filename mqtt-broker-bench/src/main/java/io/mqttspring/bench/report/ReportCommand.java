package io.mqttspring.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * {@code java -jar mqtt-bench.jar report [options] RESULTS.jsonl...}: reads result lines and writes the comparison
 * as Markdown, to {@code --output} or stdout, followed by any {@code --append} files verbatim. run-comparison.sh
 * passes what it knows about the run and the machine, and the hand-written optimisation log. With {@code --layout
 * cluster} the lines are the cluster rows, one configuration of our broker per label, written by
 * {@link ClusterReport} after the {@code --intro} paragraphs.
 */
public final class ReportCommand {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");

    private ReportCommand() {
    }

    public static void main(String[] args) throws IOException {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        }
        catch (IllegalArgumentException ex) {
            System.err.println("report: " + ex.getMessage());
            usage();
            System.exit(2);
            return;
        }
        List<Result> results = new ArrayList<>();
        for (Path input : arguments.inputs()) {
            results.addAll(read(input));
        }
        ReportHeader header = new ReportHeader(ZonedDateTime.now(ZoneOffset.UTC).format(DATE), arguments.command,
                arguments.notice, arguments.machine, arguments.method, arguments.brokerNotes);
        String markdown = arguments.cluster ? ClusterReport.render(header, arguments.intro, results)
                : MarkdownReport.render(header, Comparison.of(results));
        for (Path appendix : arguments.appendices) {
            // hand-written sections (the optimisation log) travel with every regenerated table
            markdown = markdown.stripTrailing() + "\n\n" + Files.readString(appendix, StandardCharsets.UTF_8).strip()
                    + "\n";
        }
        if (arguments.output == null) {
            System.out.print(markdown);
            return;
        }
        Path parent = arguments.output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(arguments.output, markdown, StandardCharsets.UTF_8);
        System.err.println("report: wrote " + arguments.output + " from " + results.size() + " result lines");
    }

    /**
     * Read the result lines of one file. Blank lines are skipped; so are lines that are not JSON objects or lack a
     * broker or scenario, each with a warning on stderr: a stray line must not cost the report of a long run.
     * @param file a JSON lines file
     * @return its results, in file order
     * @throws IOException if the file cannot be read
     */
    static List<Result> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Result> results = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                results.add(Result.parse(line, file + ":" + (i + 1)));
            }
            catch (IllegalArgumentException ex) {
                System.err.println("report: skipped " + ex.getMessage());
            }
        }
        return results;
    }

    private static void usage() {
        System.err.println("usage: java -jar mqtt-bench.jar report [--output FILE] [--command TEXT] [--notice TEXT]");
        System.err.println("           [--machine TEXT]... [--method TEXT]... [--broker-note BROKER=TEXT]...");
        System.err.println("           [--append MARKDOWN_FILE]... [--layout comparison|cluster] [--intro TEXT]...");
        System.err.println("           RESULTS.jsonl...");
    }

    private static final class Arguments {

        private @Nullable Path output;

        private @Nullable String command;

        private @Nullable String notice;

        private final List<String> machine = new ArrayList<>();

        private final List<String> method = new ArrayList<>();

        private final Map<String, String> brokerNotes = new LinkedHashMap<>();

        private final List<Path> appendices = new ArrayList<>();

        private boolean cluster;

        private final List<String> intro = new ArrayList<>();

        private final List<Path> inputs = new ArrayList<>();

        static Arguments parse(String[] args) {
            Arguments parsed = new Arguments();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (!arg.startsWith("--")) {
                    parsed.inputs.add(Path.of(arg));
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                String value = args[++i];
                switch (arg) {
                    case "--output" -> parsed.output = Path.of(value);
                    case "--command" -> parsed.command = value;
                    case "--notice" -> parsed.notice = value;
                    case "--machine" -> parsed.machine.add(value);
                    case "--method" -> parsed.method.add(value);
                    case "--append" -> parsed.appendices.add(Path.of(value));
                    case "--intro" -> parsed.intro.add(value);
                    case "--layout" -> {
                        if (!value.equals("comparison") && !value.equals("cluster")) {
                            throw new IllegalArgumentException("--layout must be comparison or cluster: " + value);
                        }
                        parsed.cluster = value.equals("cluster");
                    }
                    case "--broker-note" -> {
                        int equals = value.indexOf('=');
                        if (equals <= 0) {
                            throw new IllegalArgumentException("--broker-note needs BROKER=TEXT: " + value);
                        }
                        parsed.brokerNotes.put(value.substring(0, equals), value.substring(equals + 1));
                    }
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (parsed.inputs.isEmpty()) {
                throw new IllegalArgumentException("no results file given");
            }
            return parsed;
        }

        List<Path> inputs() {
            return this.inputs;
        }

    }

}
