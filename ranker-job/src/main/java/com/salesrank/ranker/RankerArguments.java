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

/**
 * The job's own arguments (Hadoop's generic options are consumed before, by
 * ToolRunner). Options take their value as the next argument or after {@code =}.
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
    private static final java.util.Set<String> VALUE_OPTIONS =
            java.util.Set.of("--output", "--window-end", "--window-hours", "--max-malformed-ratio", "--reducers",
                    "--state", "--top");

    static final String USAGE = """
            Usage: RankerTool [generic Hadoop options] --input PATH... --output DIR [options]
              --input PATH...           log files, directories (read recursively) or globs; file:, hdfs:, s3a: ...
                                        repeatable, or several paths after one --input, or a comma-separated list
              --output DIR              where the ranking is written (category_id, category_rank, product_id, total_sold)
              --window-end INSTANT      end of the window, exclusive, ISO-8601 with zone (default: start of the current UTC hour)
              --window-hours N          length of the window in hours (default: 168)
              --max-malformed-ratio R   fail, publishing nothing, if more than this share of lines is malformed (default: 0.01)
              --reducers N              reduce tasks per stage (default: mapreduce.job.reduces)
              --overwrite               replace an existing output directory
              --state DIR               incremental: keep state in DIR (file:, hdfs:, s3a: ...) and read only the logs
                                        not read before; the window end must be a whole minute. A missing, corrupt or
                                        incompatible state is named and rebuilt from the raw logs by the same run
              --top K                   write only ranks 1..K of every category (with --state: a head refresh that
                                        reads the new logs and a prefix of the state's ranking, and keeps the state)
              --help                    print this help
            Exit status: 0 ranked, 1 job failed, 2 bad arguments, 3 too many malformed lines,
                         75 the state is in use by another run.""";

    static RankerArguments parse(String[] args, Clock clock) throws ArgumentException {
        List<String> inputs = new ArrayList<>();
        String output = null;
        String windowEnd = null;
        String windowHours = null;
        String maxMalformedRatio = null;
        String reducers = null;
        String state = null;
        String top = null;
        boolean overwrite = false;
        boolean help = false;

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String inlineValue = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inlineValue = arg.substring(eq + 1);
            }
            String value = null;
            if (VALUE_OPTIONS.contains(name)) {
                if (inlineValue == null) {
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        throw new ArgumentException(name + " needs a value");
                    }
                    inlineValue = args[++i];
                }
                if (inlineValue.isBlank()) {
                    throw new ArgumentException(name + " needs a value");
                }
                value = inlineValue;
            }
            switch (name) {
                case "--help", "-h" -> help = true;
                case "--overwrite" -> overwrite = true;
                case "--input" -> {
                    int before = inputs.size();
                    if (inlineValue != null) {
                        addPaths(inputs, inlineValue);
                    } else {
                        while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                            addPaths(inputs, args[++i]);
                        }
                    }
                    if (inputs.size() == before) {
                        throw new ArgumentException("--input needs at least one path");
                    }
                }
                case "--output" -> output = value;
                case "--window-end" -> windowEnd = value;
                case "--window-hours" -> windowHours = value;
                case "--max-malformed-ratio" -> maxMalformedRatio = value;
                case "--reducers" -> reducers = value;
                case "--state" -> state = value;
                case "--top" -> top = value;
                default -> throw new ArgumentException("unknown argument: " + arg);
            }
        }
        if (help) {
            return new RankerArguments(List.copyOf(inputs), output, null, DEFAULT_MAX_MALFORMED_RATIO,
                    OptionalInt.empty(), overwrite, java.util.Optional.empty(), OptionalInt.empty(), true);
        }
        if (inputs.isEmpty()) {
            throw new ArgumentException("--input is required");
        }
        if (output == null || output.isBlank()) {
            throw new ArgumentException("--output is required");
        }
        Instant end = windowEnd == null ? RankingWindow.defaultEnd(clock) : instant(windowEnd);
        int hours = windowHours == null ? RankingWindow.DEFAULT_HOURS : positiveInt("--window-hours", windowHours);
        double ratio = maxMalformedRatio == null ? DEFAULT_MAX_MALFORMED_RATIO : ratio(maxMalformedRatio);
        OptionalInt reduceTasks = reducers == null ? OptionalInt.empty() : OptionalInt.of(positiveInt("--reducers", reducers));
        if (state != null && end.getEpochSecond() % 60 != 0 || state != null && end.getNano() != 0) {
            throw new ArgumentException("with --state, --window-end must be a whole minute, got: " + end);
        }
        OptionalInt topK = top == null ? OptionalInt.empty() : OptionalInt.of(positiveInt("--top", top));
        return new RankerArguments(List.copyOf(inputs), output, RankingWindow.ending(end, hours), ratio, reduceTasks,
                overwrite, java.util.Optional.ofNullable(state), topK, false);
    }

    private static void addPaths(List<String> inputs, String commaSeparated) {
        for (String path : commaSeparated.split(",")) { // argument parsing, not the hot path
            if (!path.isBlank()) {
                inputs.add(path.trim());
            }
        }
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
