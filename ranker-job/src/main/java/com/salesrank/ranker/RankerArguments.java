package com.salesrank.ranker;

import com.salesrank.ranker.window.RankingWindow;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The job's own arguments (Hadoop's generic options are consumed before, by
 * ToolRunner), read by picocli. Options take their value as the next argument or after {@code =}.
 */
record RankerArguments(
        List<String> inputs,
        String output,
        RankingWindow window,
        double maxMalformedRatio,
        OptionalInt reducers,
        boolean overwrite,
        java.util.Optional<String> state,
        OptionalInt top,
        boolean help) {

    static final double DEFAULT_MAX_MALFORMED_RATIO = 0.01;

    /** The options as picocli reads them; their values are checked by {@link #parse}, which says why one is refused. */
    @Command(name = "RankerTool", usageHelpAutoWidth = true, sortOptions = false,
            customSynopsis = "RankerTool [generic Hadoop options] --input PATH... --output DIR [options]",
            description = "Ranks a window of sales per category (category_id, category_rank, product_id, total_sold).",
            exitCodeListHeading = "Exit status:%n",
            exitCodeList = {"0:ranked", "1:job failed", "2:bad arguments", "3:too many malformed lines",
                "75:the state is in use by another run"})
    static final class Options {
        @Option(names = "--input", arity = "1..*", split = ",", paramLabel = "PATH",
                description = "log files, directories (read recursively) or globs; file:, hdfs:, s3a: ...; "
                        + "repeatable, or several paths after one --input, or a comma-separated list")
        List<String> inputs = new ArrayList<>();
        @Option(names = "--output", paramLabel = "DIR",
                description = "where the ranking is written (category_id, category_rank, product_id, total_sold)")
        String output;
        @Option(names = "--window-end", paramLabel = "INSTANT",
                description = "end of the window, exclusive, ISO-8601 with zone (default: start of the current UTC hour)")
        String windowEnd;
        @Option(names = "--window-hours", paramLabel = "N", description = "length of the window in hours (default: 168)")
        String windowHours;
        @Option(names = "--max-malformed-ratio", paramLabel = "R",
                description = "fail, publishing nothing, if more than this share of lines is malformed (default: 0.01)")
        String maxMalformedRatio;
        @Option(names = "--reducers", paramLabel = "N", description = "reduce tasks per stage (default: mapreduce.job.reduces)")
        String reducers;
        @Option(names = "--overwrite", description = "replace an existing output directory")
        boolean overwrite;
        @Option(names = "--state", paramLabel = "DIR",
                description = "incremental: keep state in DIR (file:, hdfs:, s3a: ...) and read only the logs not "
                        + "read before; the window end must be a whole minute. A missing, corrupt or incompatible "
                        + "state is named and rebuilt from the raw logs by the same run")
        String state;
        @Option(names = "--top", paramLabel = "K",
                description = "write only ranks 1..K of every category (with --state: a head refresh that reads "
                        + "the new logs and a prefix of the state's ranking, and keeps the state)")
        String top;
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help")
        boolean help;
    }

    /** The help text: every option, what it does, and the exit statuses. */
    static String usage() {
        return new CommandLine(new Options()).getUsageMessage();
    }

    static RankerArguments parse(String[] args, Clock clock) throws ArgumentException {
        Options options = new Options();
        CommandLine command = new CommandLine(options).setOverwrittenOptionsAllowed(true);
        try {
            command.parseArgs(args);
        } catch (CommandLine.UnmatchedArgumentException e) {
            throw new ArgumentException("unknown argument: " + e.getUnmatched().get(0));
        } catch (CommandLine.MissingParameterException e) {
            String name = optionName(e.getMissing());
            throw new ArgumentException("--input".equals(name) ? "--input needs at least one path" : name + " needs a value");
        } catch (CommandLine.ParameterException e) {
            throw new ArgumentException(e.getMessage());
        }
        if (options.help) {
            return new RankerArguments(List.copyOf(trimmed(options.inputs)), options.output, null,
                    DEFAULT_MAX_MALFORMED_RATIO, OptionalInt.empty(), options.overwrite, java.util.Optional.empty(),
                    OptionalInt.empty(), true);
        }
        List<String> inputs = trimmed(options.inputs);
        for (String[] option : new String[][] {{"--output", options.output}, {"--window-end", options.windowEnd},
                {"--window-hours", options.windowHours}, {"--max-malformed-ratio", options.maxMalformedRatio},
                {"--reducers", options.reducers}, {"--state", options.state}, {"--top", options.top}}) {
            if (option[1] != null && option[1].isBlank()) {
                throw new ArgumentException(option[0] + " needs a value");
            }
        }
        if (inputs.isEmpty()) {
            throw new ArgumentException(options.inputs.isEmpty() ? "--input is required" : "--input needs at least one path");
        }
        if (options.output == null) {
            throw new ArgumentException("--output is required");
        }
        Instant end = options.windowEnd == null ? RankingWindow.defaultEnd(clock) : instant(options.windowEnd);
        int hours = options.windowHours == null ? RankingWindow.DEFAULT_HOURS
                : positiveInt("--window-hours", options.windowHours);
        double ratio = options.maxMalformedRatio == null ? DEFAULT_MAX_MALFORMED_RATIO : ratio(options.maxMalformedRatio);
        OptionalInt reduceTasks = options.reducers == null ? OptionalInt.empty()
                : OptionalInt.of(positiveInt("--reducers", options.reducers));
        String state = options.state;
        if (state != null && end.getEpochSecond() % 60 != 0 || state != null && end.getNano() != 0) {
            throw new ArgumentException("with --state, --window-end must be a whole minute, got: " + end);
        }
        OptionalInt topK = options.top == null ? OptionalInt.empty() : OptionalInt.of(positiveInt("--top", options.top));
        return new RankerArguments(inputs, options.output, RankingWindow.ending(end, hours), ratio, reduceTasks,
                options.overwrite, java.util.Optional.ofNullable(state), topK, false);
    }

    private static String optionName(List<CommandLine.Model.ArgSpec> missing) {
        return missing.isEmpty() || !(missing.get(0) instanceof CommandLine.Model.OptionSpec option)
                ? "an option" : option.longestName();
    }

    /** The paths, blank entries of a comma-separated list dropped. */
    private static List<String> trimmed(List<String> paths) {
        List<String> kept = new ArrayList<>();
        for (String path : paths) {
            if (!path.isBlank()) {
                kept.add(path.trim());
            }
        }
        return List.copyOf(kept);
    }

    private static Instant instant(String text) throws ArgumentException {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new ArgumentException("--window-end must be an ISO-8601 instant with a zone, e.g. 2026-11-20T13:00:00Z, got: " + text);
        }
    }

    private static int positiveInt(String name, String text) throws ArgumentException {
        try {
            int value = Integer.parseInt(text);
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ArgumentException(name + " must be a whole number of at least 1, got: " + text);
    }

    private static double ratio(String text) throws ArgumentException {
        try {
            double value = Double.parseDouble(text);
            if (value >= 0 && value <= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ArgumentException("--max-malformed-ratio must be a number from 0 to 1, got: " + text);
    }
}
