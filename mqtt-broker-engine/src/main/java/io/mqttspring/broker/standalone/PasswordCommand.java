package io.mqttspring.broker.standalone;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.mqttspring.broker.security.MosquittoPasswordFile;

/**
 * {@code passwd [-b] FILE USER [PASSWORD]}: adds or replaces a user in a Mosquitto password file, as
 * {@code mosquitto_passwd} does, so a broker and Mosquitto can share the file.
 */
final class PasswordCommand {

    private PasswordCommand() {
    }

    static int run(String[] args) {
        boolean batch = args.length > 0 && args[0].equals("-b");
        String[] rest = batch ? Arrays.copyOfRange(args, 1, args.length) : args;
        if (rest.length != (batch ? 3 : 2)) {
            System.err.println("Usage: passwd [-b] FILE USER [PASSWORD]   (-b takes PASSWORD from the command line)");
            return 2;
        }
        Path file = Path.of(rest[0]);
        String user = rest[1];
        try {
            char[] password = batch ? rest[2].toCharArray() : readPassword();
            String entry = MosquittoPasswordFile.entry(user, password, MosquittoPasswordFile.DEFAULT_ITERATIONS);
            Arrays.fill(password, '\0');
            write(file, user, entry);
            System.out.println("mqtt-broker: " + user + " written to " + file);
            return 0;
        }
        catch (IllegalArgumentException | IOException ex) {
            System.err.println("mqtt-broker: " + ex.getMessage());
            return 1;
        }
    }

    private static char[] readPassword() throws IOException {
        Console console = System.console();
        if (console == null) {
            // piped: one line from standard input
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException("no password on standard input");
            }
            return line.toCharArray();
        }
        char[] first = console.readPassword("Password: ");
        char[] second = console.readPassword("Reenter password: ");
        if (first == null || first.length == 0 || !Arrays.equals(first, second)) {
            throw new IllegalArgumentException("passwords empty or not the same");
        }
        Arrays.fill(second, '\0');
        return first;
    }

    private static void write(Path file, String user, String entry) throws IOException {
        List<String> lines = new ArrayList<>();
        boolean replaced = false;
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith(user + ":")) {
                    lines.add(entry);
                    replaced = true;
                }
                else {
                    lines.add(line);
                }
            }
        }
        else {
            Files.createFile(file);
            try {
                // hashes are secrets too: owner only, as mosquitto_passwd does
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            catch (UnsupportedOperationException ex) {
                // not a POSIX file system
            }
        }
        if (!replaced) {
            lines.add(entry);
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

}
