package io.mqttspring.broker.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.mqttspring.broker.security.AclRule.Action;
import io.mqttspring.broker.security.AclRule.Permission;
import io.mqttspring.broker.security.AclRule.Subject;

/**
 * Reads a Mosquitto {@code acl_file} into {@link AclRule rules}: {@code topic [read|write|readwrite|deny] FILTER}
 * lines before any {@code user} line are for anonymous clients, those after {@code user NAME} for that user, and
 * {@code pattern [read|write|readwrite|deny] FILTER} lines, with {@code %u} and {@code %c}, for every client.
 * {@code read} allows subscribing, {@code write} publishing, no access type both, {@code deny} neither. As in
 * Mosquitto, a matching deny wins over any allow: the rules come out with every deny first.
 */
public final class MosquittoAclFile {

    private static final Set<Action> BOTH = Set.of(Action.PUBLISH, Action.SUBSCRIBE);

    private MosquittoAclFile() {
    }

    /**
     * Read an ACL file.
     * @param path the file
     * @return the rules, denies first
     * @throws IllegalArgumentException if the file cannot be read or holds a line Mosquitto would not accept,
     * naming the file and the line
     */
    public static List<AclRule> read(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new IllegalArgumentException("Cannot read ACL file " + path + ": " + ex, ex);
        }
        return parse(lines, path.toString());
    }

    /**
     * Parse the lines of an ACL file.
     * @param lines the lines
     * @param source where they come from, for error messages
     * @return the rules, denies first
     */
    public static List<AclRule> parse(List<String> lines, String source) {
        List<AclRule> denies = new ArrayList<>();
        List<AclRule> allows = new ArrayList<>();
        Subject section = Subject.anonymous();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+", 2);
            String rest = (words.length > 1) ? words[1] : "";
            try {
                switch (words[0]) {
                    case "user" -> {
                        if (rest.isEmpty()) {
                            throw new IllegalArgumentException("'user' needs a user name");
                        }
                        section = Subject.user(rest);
                    }
                    case "topic" -> add(section, rest, denies, allows);
                    case "pattern" -> add(Subject.anyone(), rest, denies, allows);
                    default -> throw new IllegalArgumentException("unknown directive '" + words[0] + "'");
                }
            }
            catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("ACL file " + source + " line " + (i + 1) + ": " + ex.getMessage(),
                        ex);
            }
        }
        List<AclRule> rules = new ArrayList<>(denies);
        rules.addAll(allows);
        return List.copyOf(rules);
    }

    private static void add(Subject subject, String rest, List<AclRule> denies, List<AclRule> allows) {
        String[] words = rest.split("\\s+", 2);
        Set<Action> actions;
        boolean deny = false;
        String pattern = rest;
        if (words.length == 2) {
            actions = switch (words[0]) {
                case "read" -> Set.of(Action.SUBSCRIBE);
                case "write" -> Set.of(Action.PUBLISH);
                case "readwrite" -> BOTH;
                case "deny" -> BOTH;
                default -> null;
            };
            if (actions != null) {
                deny = words[0].equals("deny");
                pattern = words[1];
            }
            else {
                // a topic with spaces and no access type
                actions = BOTH;
            }
        }
        else {
            actions = BOTH;
        }
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException("a topic is needed");
        }
        if (deny) {
            denies.add(new AclRule(Permission.DENY, actions, subject, pattern));
        }
        else {
            allows.add(new AclRule(Permission.ALLOW, actions, subject, pattern));
        }
    }

}
