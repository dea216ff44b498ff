package com.salesrank.generate;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

/** Command line of {@link SalesLogGenerator}; {@code --name value} or {@code --name=value}. */
final class GeneratorArguments {

    static final String USAGE = """
            Usage: SalesLogGenerator --output DIR [options]
              --output DIR            root of the yyyy/MM/dd/HH/ tree to write (created if missing)
              --lines N               sale lines in total, spread evenly over the hours (default 1000000)
              --window-end INSTANT    end of the generated window, ISO-8601 (default: start of the current UTC hour)
              --window-hours N        hours to generate, one file each (default 168)
              --products N            catalogue size (default 5000000)
              --categories N          category ids 1..N (default 1000)
              --zipf-exponent S       popularity skew, P(rank k) ~ 1/k^S (default 1.0)
              --seed N                random seed; same seed, same files (default 42)
              --gzip                  write .log.gz files
              --malformed-ratio R     share of malformed lines, 0..1 (default 0)
              --header                start each file with a header line
              --threads N             writer threads (default: available processors)""";

    private GeneratorArguments() {
    }

    /** The settings, or null if --help was asked for. */
    static SalesLogGenerator.Settings parse(String[] args) {
        Path output = null;
        long lines = 1_000_000;
        Instant end = Clock.systemUTC().instant().truncatedTo(ChronoUnit.HOURS);
        int hours = 168;
        int products = 5_000_000;
        int categories = 1_000;
        double zipf = 1.0;
        long seed = 42;
        boolean gzip = false;
        double malformed = 0;
        boolean header = false;
        int threads = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            String value = null;
            int eq = name.indexOf('=');
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            switch (name) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--gzip" -> gzip = true;
                case "--header" -> header = true;
                default -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(name + " needs a value");
                        }
                        value = args[++i];
                    }
                    try {
                        switch (name) {
                            case "--output" -> output = Path.of(value);
                            case "--lines" -> lines = Long.parseLong(value.replace("_", "").replace(",", ""));
                            case "--window-end" -> end = OffsetDateTime.parse(value).toInstant();
                            case "--window-hours" -> hours = Integer.parseInt(value);
                            case "--products" -> products = Integer.parseInt(value.replace("_", ""));
                            case "--categories" -> categories = Integer.parseInt(value);
                            case "--zipf-exponent" -> zipf = Double.parseDouble(value);
                            case "--seed" -> seed = Long.parseLong(value);
                            case "--malformed-ratio" -> malformed = Double.parseDouble(value);
                            case "--threads" -> threads = Integer.parseInt(value);
                            default -> throw new IllegalArgumentException("unknown argument: " + name);
                        }
                    } catch (NumberFormatException | java.time.DateTimeException e) {
                        throw new IllegalArgumentException("bad value for " + name + ": " + value);
                    }
                }
            }
        }
        if (output == null) {
            throw new IllegalArgumentException("--output is required");
        }
        return new SalesLogGenerator.Settings(output, lines, end, hours, products, categories, zipf, seed, gzip,
                malformed, header, threads);
    }
}
