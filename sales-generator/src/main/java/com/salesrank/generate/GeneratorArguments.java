package com.salesrank.generate;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** The command line of {@link SalesLogGenerator} ({@code scripts/generate-sales.sh}), parsed by picocli. */
@Command(name = "generate-sales.sh", sortOptions = false, usageHelpAutoWidth = true,
        description = "Writes sales logs in the sales API's yyyy/MM/dd/HH/ layout, one file an hour; the same "
                + "seed writes the same files.",
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {"0:written", "2:bad arguments"})
final class GeneratorArguments {

    @Option(names = "--output", required = true, paramLabel = "DIR",
            description = "root of the yyyy/MM/dd/HH/ tree to write (created if missing)")
    Path output;

    @Option(names = "--lines", paramLabel = "N", defaultValue = "1000000", converter = Count.class,
            description = "sale lines in total, spread evenly over the hours (default: ${DEFAULT-VALUE}; _ and , allowed)")
    long lines;

    @Option(names = "--window-end", paramLabel = "INSTANT", converter = IsoInstant.class,
            description = "end of the generated window, ISO-8601 (default: start of the current UTC hour)")
    Instant windowEnd;

    @Option(names = "--window-hours", paramLabel = "N", defaultValue = "168",
            description = "hours to generate, one file each (default: ${DEFAULT-VALUE})")
    int windowHours;

    @Option(names = "--products", paramLabel = "N", defaultValue = "5000000", converter = Count.class,
            description = "catalogue size (default: ${DEFAULT-VALUE})")
    long products;

    @Option(names = "--categories", paramLabel = "N", defaultValue = "1000",
            description = "category ids 1..N (default: ${DEFAULT-VALUE})")
    int categories;

    @Option(names = "--zipf-exponent", paramLabel = "S", defaultValue = "1.0",
            description = "popularity skew, P(rank k) ~ 1/k^S (default: ${DEFAULT-VALUE})")
    double zipfExponent;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "random seed; same seed, same files (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--gzip", description = "write .log.gz files")
    boolean gzip;

    @Option(names = "--malformed-ratio", paramLabel = "R", defaultValue = "0",
            description = "share of malformed lines, 0..1 (default: ${DEFAULT-VALUE})")
    double malformedRatio;

    @Option(names = "--header", description = "start each file with a header line")
    boolean header;

    @Option(names = "--catalog", paramLabel = "DIR",
            description = "also write the catalog that fits these sales into DIR: categories.tsv (a name for every"
                    + " category id) and products.tsv (a title for every product id), .gz with --gzip, for"
                    + " scripts/load-catalog.sh; the same seed writes the same names")
    Path catalog;

    @Option(names = "--threads", paramLabel = "N", description = "writer threads (default: available processors)")
    Integer threads;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help")
    boolean help;

    /** The settings the parsed arguments ask for. */
    SalesLogGenerator.Settings settings(Clock clock) {
        Instant end = windowEnd != null ? windowEnd : clock.instant().truncatedTo(ChronoUnit.HOURS);
        int writers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (products > Integer.MAX_VALUE) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--products must be at most "
                    + Integer.MAX_VALUE + ", got " + products);
        }
        return new SalesLogGenerator.Settings(output, lines, end, windowHours, (int) products, categories,
                zipfExponent, seed, gzip, malformedRatio, header, writers);
    }

    /** A count that may group its digits with {@code _} or {@code ,}: 2_000_000, 2,000,000. */
    static final class Count implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return Long.parseLong(value.replace("_", "").replace(",", ""));
        }
    }

    static final class IsoInstant implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            return OffsetDateTime.parse(value).toInstant();
        }
    }
}
