package tiddly;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --help} lists the options in groups, by a table of names here rather than by moving
 * each option into a picocli ArgGroup class: {@link Cli} keeps its flat fields, and an option
 * that no group names yet is listed under "Other" instead of going missing.
 */
final class HelpSections {
    private static final Map<String, List<String>> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put(
                "Database",
                List.of(
                        "--db",
                        "--schema",
                        "--db-user",
                        "--db-password",
                        "--db-replicas",
                        "--db-replica-max-lag",
                        "--durability"));
        GROUPS.put(
                "Listening",
                List.of(
                        "--host",
                        "--port",
                        "--base-path",
                        "--cors-origins",
                        "--trust-proxy",
                        "--trusted-proxies",
                        "--idle-timeout"));
        GROUPS.put(
                "Security",
                List.of(
                        "--config",
                        "--allow-anonymous-writes",
                        "--anonymous-read-only",
                        "--hidden-columns",
                        "--cursor-secret",
                        "--require-if-match"));
        GROUPS.put("Limits", List.of("--max-limit", "--max-body", "--statement-timeout"));
        GROUPS.put("Operations (docs/operations.md)", List.of("--shutdown-grace", "--access-log", "--slow-query"));
        GROUPS.put(
                "Live queries (docs/realtime.md)",
                List.of(
                        "--realtime",
                        "--realtime-retention",
                        "--realtime-triggers",
                        "--realtime-streams-per-client",
                        "--realtime-max-streams"));
        GROUPS.put("Help", List.of("--help", "--version"));
    }

    private HelpSections() {}

    /** Replaces picocli's one list of options with the groups. */
    static void install(CommandLine commandLine) {
        commandLine
                .getHelpSectionMap()
                .put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, HelpSections::render);
    }

    private static String render(CommandLine.Help help) {
        Map<String, List<OptionSpec>> grouped = new LinkedHashMap<>();
        List<OptionSpec> other = new ArrayList<>();
        for (OptionSpec option : help.commandSpec().options()) {
            String group = groupOf(option.longestName());
            if (group == null) {
                other.add(option);
            } else {
                grouped.computeIfAbsent(group, name -> new ArrayList<>()).add(option);
            }
        }
        StringBuilder text = new StringBuilder();
        for (String group : GROUPS.keySet()) {
            section(help, text, group, grouped.getOrDefault(group, List.of()));
        }
        section(help, text, "Other", other);
        return text.toString();
    }

    private static String groupOf(String name) {
        for (Map.Entry<String, List<String>> group : GROUPS.entrySet()) {
            if (group.getValue().contains(name)) {
                return group.getKey();
            }
        }
        return null;
    }

    private static void section(CommandLine.Help help, StringBuilder text, String heading, List<OptionSpec> options) {
        if (options.isEmpty()) {
            return;
        }
        CommandLine.Help.Layout layout = help.createDefaultLayout();
        for (OptionSpec option : options) {
            layout.addOption(option, help.createDefaultParamLabelRenderer());
        }
        text.append(System.lineSeparator()).append(heading).append(':').append(System.lineSeparator());
        text.append(layout);
    }
}
