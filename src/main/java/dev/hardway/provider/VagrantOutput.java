package dev.hardway.provider;

import dev.hardway.target.ssh.SshEndpoint;
import dev.hardway.provider.ProgressEvent.Stage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for what the {@code vagrant} CLI prints: {@code --machine-readable} lines
 * ({@code timestamp,target,type,data...}), {@code vagrant status}, and {@code vagrant ssh-config}. Pure functions,
 * tested against recorded outputs in {@code src/test/resources/vagrant/}.
 */
final class VagrantOutput {

    private VagrantOutput() {
    }

    /**
     * One machine-readable line. Vagrant escapes commas inside a field as {@code %!(VAGRANT_COMMA)} and newlines as
     * a literal backslash-n, so splitting on commas is exact; {@link #data} holds the unescaped fields.
     *
     * @param target the machine name, or "" for the whole run
     */
    record Line(long time, String target, String type, List<String> data) {
        String field(int i) {
            return i < data.size() ? data.get(i) : "";
        }
    }

    private static final Pattern LINE = Pattern.compile("^(\\d+),([^,]*),([^,]+)(?:,(.*))?$");

    /** Parses one line; empty for anything else (plain text some plugins print directly). */
    static Optional<Line> parseLine(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        Matcher m = LINE.matcher(raw.stripTrailing());
        if (!m.matches()) {
            return Optional.empty();
        }
        List<String> data = m.group(4) == null ? List.of()
                : Arrays.stream(m.group(4).split(",", -1)).map(VagrantOutput::unescape).toList();
        return Optional.of(new Line(Long.parseLong(m.group(1)), m.group(2), m.group(3), data));
    }

    static String unescape(String field) {
        return field.replace("%!(VAGRANT_COMMA)", ",").replace("\\n", "\n").replace("\\r", "");
    }

    /**
     * The message of a ui line on one line, without Vagrant's prefix: {@code "==> master1: Booting VM..."} (info)
     * or {@code "    master1: SSH address: ..."} (detail) become {@code "Booting VM..."}, {@code "SSH address: ..."}.
     */
    static String uiMessage(Line line) {
        String first = firstLine(line.field(1));
        String prefix = line.target().isEmpty() ? "^==> ?" : "^(?:==> )?" + Pattern.quote(line.target()) + ": ?";
        return first.replaceFirst(prefix, "").strip();
    }

    private static final Pattern BRINGING_UP = Pattern.compile("^Bringing machine '([^']+)' up with '([^']+)'");

    /**
     * Rules from Vagrant's (VirtualBox and libvirt) messages to a stage. First match wins; anything else from a
     * machine is {@link Stage#INFO} so the live line still shows it.
     */
    private static final List<Map.Entry<Pattern, Stage>> STAGE_RULES = List.of(
            rule("^(Importing base box|Cloning VM|Matching MAC address|Creating image|Creating domain|"
                    + "Uploading base box image|Box '.*' could not be found|Adding box|Successfully added box|"
                    + "Setting the name of the VM|Checking if box|Preparing network interfaces|"
                    + "Clearing any previously set)", Stage.CREATING),
            rule("^(Booting VM|Starting domain|Waiting for machine to boot|Waiting for domain to get an IP|"
                    + "Waiting for SSH|Resuming suspended VM|Machine is already running|"
                    + "VirtualBox VM is already running|Domain is already running)", Stage.BOOTING),
            rule("^(Machine booted and ready|Setting hostname|Configuring and enabling network interfaces|"
                    + "Mounting shared folders|Rsyncing folder|Checking for guest additions|Installing rsync)",
                    Stage.CONFIGURING),
            rule("^Running provisioner", Stage.PROVISIONING),
            rule("^(Attempting graceful shutdown|Forcing shutdown|Halting domain|Shutting down)", Stage.STOPPING),
            rule("^(Destroying VM|Removing domain|Deleting the machine folder|Destroying unused networking)",
                    Stage.DESTROYING));

    private static Map.Entry<Pattern, Stage> rule(String regex, Stage stage) {
        return Map.entry(Pattern.compile(regex), stage);
    }

    /** Translates one machine-readable line into a progress event, if it says anything about progress. */
    static Optional<ProgressEvent> toEvent(Line line) {
        String target = line.target();
        switch (line.type()) {
            case "action" -> {
                // "master1,action,up,start" ... "master1,action,up,end"
                String action = line.field(0);
                boolean start = "start".equals(line.field(1));
                Stage stage = switch (action) {
                    case "up", "reload", "resume" -> start ? Stage.BOOTING : Stage.READY;
                    case "halt", "suspend" -> start ? Stage.STOPPING : Stage.STOPPED;
                    case "destroy" -> start ? Stage.DESTROYING : Stage.DESTROYED;
                    case "provision" -> start ? Stage.PROVISIONING : Stage.READY;
                    default -> Stage.INFO;
                };
                return Optional.of(new ProgressEvent(target, stage, action + (start ? " started" : " done")));
            }
            case "ui" -> {
                String level = line.field(0);
                String message = uiMessage(line);
                if (message.isEmpty()) {
                    return Optional.empty();
                }
                if (target.isEmpty()) {
                    Matcher m = BRINGING_UP.matcher(message);
                    if (m.find()) {
                        return Optional.of(new ProgressEvent(m.group(1), Stage.WAITING, message));
                    }
                }
                if ("error".equals(level)) {
                    return Optional.of(new ProgressEvent(target, Stage.FAILED, message));
                }
                if (target.isEmpty()) {
                    return Optional.of(new ProgressEvent("", Stage.INFO, message));
                }
                for (Map.Entry<Pattern, Stage> r : STAGE_RULES) {
                    if (r.getKey().matcher(message).find()) {
                        return Optional.of(new ProgressEvent(target, r.getValue(), message));
                    }
                }
                return Optional.of(new ProgressEvent(target, Stage.INFO, message));
            }
            case "error-exit" -> {
                return Optional.of(new ProgressEvent(target, Stage.FAILED, firstLine(line.field(1))));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /**
     * Vagrant's own error, from its {@code error-exit} line.
     *
     * @return [error class, message] or empty when the output has none
     */
    static Optional<String[]> errorExit(List<Line> lines) {
        return lines.stream().filter(l -> "error-exit".equals(l.type()))
                .reduce((a, b) -> b)
                .map(l -> new String[] {l.field(0), l.field(1).strip()});
    }

    static String firstLine(String s) {
        return s.lines().map(String::strip).filter(x -> !x.isEmpty()).findFirst().orElse("");
    }

    /** Parses {@code vagrant status --machine-readable}: one row per machine, in Vagrant's (config) order. */
    static List<MachineStatus> parseStatus(String output) {
        Map<String, String[]> rows = new LinkedHashMap<>(); // node -> [state, short, long]
        output.lines().map(VagrantOutput::parseLine).flatMap(Optional::stream)
                .filter(l -> !l.target().isEmpty())
                .forEach(l -> {
                    int idx = switch (l.type()) {
                        case "state" -> 0;
                        case "state-human-short" -> 1;
                        case "state-human-long" -> 2;
                        default -> -1;
                    };
                    if (idx >= 0) {
                        rows.computeIfAbsent(l.target(), k -> new String[] {"", "", ""})[idx] = l.field(0).strip();
                    }
                });
        List<MachineStatus> result = new ArrayList<>();
        rows.forEach((node, r) -> result.add(new MachineStatus(node, MachineStatus.State.fromVagrant(r[0]), r[0],
                r[2].isEmpty() ? r[1] : r[2].replaceAll("\\s+", " "))));
        return result;
    }

    /**
     * Parses {@code vagrant ssh-config} (OpenSSH client config format, one {@code Host} block per machine).
     * Keywords are case-insensitive and may be separated from their value by blanks or '='; the first
     * IdentityFile wins; quoted values (paths with spaces, Windows) are unquoted.
     */
    static List<SshEndpoint> parseSshConfig(String output) {
        List<SshEndpoint> endpoints = new ArrayList<>();
        String host = null;
        String hostName = null;
        String user = null;
        String port = null;
        String key = null;
        for (String raw : (output + "\nHost \u0000end").lines().toList()) {
            String lineText = raw.strip();
            if (lineText.isEmpty() || lineText.startsWith("#")) {
                continue;
            }
            String[] kv = lineText.split("(\\s*=\\s*|\\s+)", 2);
            String keyword = kv[0].toLowerCase(Locale.ROOT);
            String value = kv.length > 1 ? unquote(kv[1].strip()) : "";
            switch (keyword) {
                case "host" -> {
                    if (host != null) {
                        endpoints.add(endpoint(host, hostName, port, user, key));
                    }
                    host = value;
                    hostName = null;
                    user = null;
                    port = null;
                    key = null;
                }
                case "hostname" -> hostName = value;
                case "user" -> user = value;
                case "port" -> port = value;
                case "identityfile" -> key = key == null ? value : key;
                default -> {
                    // UserKnownHostsFile, StrictHostKeyChecking, LogLevel, ...: not needed to connect
                }
            }
        }
        return endpoints;
    }

    private static SshEndpoint endpoint(String host, String hostName, String port, String user, String key) {
        int p;
        try {
            p = port == null ? 22 : Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new ProviderException("vagrant ssh-config: Host " + host + " has port '" + port
                    + "', not a number.", "vagrant ssh-config " + host + " to see the whole entry");
        }
        return new SshEndpoint(host, hostName == null ? host : hostName, p, user, key == null ? null : Path.of(key));
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
