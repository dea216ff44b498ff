package com.salesrank.generate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.rng.sampling.distribution.DiscreteSampler;
import picocli.CommandLine;
import org.apache.commons.rng.sampling.distribution.RejectionInversionZipfSampler;

/**
 * Writes realistic sales API logs for a window: one file per hour under
 * {@code yyyy/MM/dd/HH/}, Zipf-distributed product popularity, each product in 1 to
 * 3 fixed categories, optionally gzipped, optionally with a share of malformed
 * lines. Hours are written in parallel, each from its own random stream derived
 * from the seed, so the output depends on the seed only, not on the thread count.
 */
public final class SalesLogGenerator {

    /** What to generate. */
    public record Settings(
            Path output,
            long lines,
            Instant windowEnd,
            int windowHours,
            int products,
            int categories,
            double zipfExponent,
            long seed,
            boolean gzip,
            double malformedRatio,
            boolean header,
            int threads) {

        public Settings {
            if (lines < 0 || windowHours < 1 || malformedRatio < 0 || malformedRatio > 1 || threads < 1) {
                throw new IllegalArgumentException("bad generator settings: " + this);
            }
        }

        public static Settings defaults(Path output, long lines, Instant windowEnd) {
            return new Settings(output, lines, windowEnd, 168, 5_000_000, 1_000, 1.0, 42L, false, 0.0, false,
                    Runtime.getRuntime().availableProcessors());
        }
    }

    /** What was written. */
    public record Result(long lines, long malformedLines, int files, long bytes) {
    }

    static final String HEADER = "timestamp\tproduct_id\tcategory_id\tqty\ttotal_price\tseller_id\tbuyer_id\n";
    private static final DateTimeFormatter HOUR_DIR = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH", Locale.ROOT);
    private static final DateTimeFormatter HOUR_PREFIX = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:", Locale.ROOT);
    private static final DateTimeFormatter FILE_STAMP = DateTimeFormatter.ofPattern("yyyyMMddHH", Locale.ROOT);
    private static final String[] MALFORMED_SAMPLES = {
        "2026-11-20T13:05:07Z\t50\t1234\t2\t20.00\t1",              // 6 fields
        "2026-11-20 13:05:07\t50\t1234\t2\t20.00\t1\t1",           // no T, no zone
        "2026-11-20T13:05:07\t50\t1234\t2\t20.00\t1\t1",           // no zone
        "1763643907\t50\t1234\t2\t20.00\t1\t1",                    // epoch number
        "2026-11-20T13:05:07Z\t-50\t1234\t2\t20.00\t1\t1",         // signed product
        "2026-11-20T13:05:07Z\t50\t0\t2\t20.00\t1\t1",             // category zero
        "2026-11-20T13:05:07Z\t50\t1234\t2.5\t20.00\t1\t1",        // decimal quantity
        "2026-11-20T13:05:07Z\t50\t99999999999\t2\t20.00\t1\t1",   // category overflow
        "garbage line without tabs",
    };

    private final Settings settings;
    private final ProductCatalog catalog;
    private final AtomicLong written = new AtomicLong();

    public SalesLogGenerator(Settings settings) {
        this.settings = settings;
        this.catalog = new ProductCatalog(settings.products(), settings.categories());
    }

    public static void main(String[] args) throws Exception {
        GeneratorArguments arguments = new GeneratorArguments();
        CommandLine command = new CommandLine(arguments);
        Settings settings;
        try {
            command.parseArgs(args);
            if (command.isUsageHelpRequested()) {
                command.usage(System.out);
                return;
            }
            settings = arguments.settings(Clock.systemUTC());
        } catch (CommandLine.ParameterException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            command.usage(System.err);
            System.exit(2);
            return;
        }
        long started = System.nanoTime();
        if (arguments.catalog != null) {
            DemoCatalog.Written catalog = new DemoCatalog(new ProductCatalog(settings.products(), settings.categories()),
                    settings.categories(), settings.seed()).write(arguments.catalog, settings.gzip());
            System.err.printf(Locale.ROOT, "catalog: %,d category names in %s, %,d product titles in %s%n",
                    catalog.categoryCount(), catalog.categories(), catalog.productCount(), catalog.products());
        }
        Result result = new SalesLogGenerator(settings).generate();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.err.printf(Locale.ROOT, "generated %,d lines (%,d malformed) in %,d files, %,d bytes, in %.1f s (%,.0f lines/s) under %s%n",
                result.lines(), result.malformedLines(), result.files(), result.bytes(), seconds,
                result.lines() / Math.max(seconds, 1e-9), settings.output());
    }

    public Result generate() throws IOException, InterruptedException {
        Instant end = settings.windowEnd();
        Instant start = end.minus(settings.windowHours(), ChronoUnit.HOURS);
        Files.createDirectories(settings.output());
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads());
        Thread progress = progressReporter();
        try {
            List<Future<Result>> hours = new ArrayList<>();
            for (int h = 0; h < settings.windowHours(); h++) {
                long linesThisHour = settings.lines() / settings.windowHours()
                        + (h < settings.lines() % settings.windowHours() ? 1 : 0);
                Instant hourStart = start.plus(h, ChronoUnit.HOURS);
                int hour = h;
                hours.add(pool.submit(() -> writeHour(hour, hourStart, linesThisHour)));
            }
            long lines = 0;
            long malformed = 0;
            long bytes = 0;
            for (Future<Result> hour : hours) {
                Result r = get(hour);
                lines += r.lines();
                malformed += r.malformedLines();
                bytes += r.bytes();
            }
            return new Result(lines, malformed, hours.size(), bytes);
        } finally {
            pool.shutdownNow();
            progress.interrupt();
        }
    }

    private static Result get(Future<Result> future) throws IOException, InterruptedException {
        try {
            return future.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private Thread progressReporter() {
        Thread thread = new Thread(() -> {
            long total = settings.lines();
            try {
                while (true) {
                    Thread.sleep(5_000);
                    long done = written.get();
                    System.err.printf(Locale.ROOT, "generated %,d of %,d lines (%.0f%%)%n", done, total, 100.0 * done / Math.max(1, total));
                }
            } catch (InterruptedException e) {
                // finished
            }
        }, "generator-progress");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private Result writeHour(int hourIndex, Instant hourStart, long lines) throws IOException {
        LocalDateTime hour = LocalDateTime.ofInstant(hourStart.truncatedTo(ChronoUnit.HOURS), ZoneOffset.UTC);
        // the first hour may start mid-hour if the window end is not on the hour
        int firstSecond = (int) (hourStart.getEpochSecond() - hour.toEpochSecond(ZoneOffset.UTC));
        Path dir = settings.output().resolve(HOUR_DIR.format(hour));
        Files.createDirectories(dir);
        Path file = dir.resolve("sales-" + FILE_STAMP.format(hour) + (settings.gzip() ? ".log.gz" : ".log"));
        byte[] prefix = HOUR_PREFIX.format(hour).getBytes(StandardCharsets.US_ASCII);
        SplittableRandom random = new SplittableRandom(ProductCatalog.mix(settings.seed(), hourIndex + 17));
        DiscreteSampler zipf = popularity(random, catalog.products(), settings.zipfExponent());
        LineBuffer line = new LineBuffer();
        long malformed = 0;
        CountingOutputStream counting = new CountingOutputStream(Files.newOutputStream(file));
        try (OutputStream out = settings.gzip() ? new FastGzipOutputStream(counting) : new BufferedOutputStream(counting, 1 << 16)) {
            if (settings.header()) {
                out.write(HEADER.getBytes(StandardCharsets.US_ASCII));
            }
            int secondsInHour = 3600 - firstSecond;
            for (long i = 0; i < lines; i++) {
                line.reset();
                if (settings.malformedRatio() > 0 && random.nextDouble() < settings.malformedRatio()) {
                    line.ascii(MALFORMED_SAMPLES[random.nextInt(MALFORMED_SAMPLES.length)]).newline();
                    malformed++;
                } else {
                    int second = firstSecond + (int) (i * secondsInHour / lines); // time order within the file
                    writeSale(line, prefix, second, random, zipf);
                }
                out.write(line.bytes, 0, line.length);
                if ((i & 1023) == 1023) {
                    written.addAndGet(1024);
                }
            }
            written.addAndGet(lines & 1023);
        }
        return new Result(lines, malformed, 1, counting.count);
    }

    /**
     * Popularity ranks 1..products with P(k) proportional to 1/k^exponent, by commons-rng's rejection-inversion
     * sampler (O(1) per draw, no table of {@code products} entries), drawing from {@code random}: the hour's one
     * seeded stream feeds the ranks and the lines' other draws alike, so a seed still fixes every file.
     */
    static DiscreteSampler popularity(SplittableRandom random, int products, double exponent) {
        return RejectionInversionZipfSampler.of(random::nextLong, products, exponent);
    }

    private void writeSale(LineBuffer line, byte[] hourPrefix, int secondOfHour, SplittableRandom random,
            DiscreteSampler zipf) {
        long product = catalog.productOfRank(zipf.sample());
        int category = catalog.category(product, random.nextInt(catalog.categoryCount(product)));
        int qtyDraw = random.nextInt(100);
        int qty = qtyDraw < 70 ? 1 : qtyDraw < 85 ? 2 : qtyDraw < 93 ? 3 : 4 + random.nextInt(7);
        long cents = catalog.unitPriceCents(product) * qty;
        line.bytes(hourPrefix).twoDigits(secondOfHour / 60).ascii(':').twoDigits(secondOfHour % 60).ascii('Z').tab()
                .number(product).tab()
                .number(category).tab()
                .number(qty).tab()
                .number(cents / 100).ascii('.').twoDigits((int) (cents % 100)).tab()
                .number(catalog.seller(product)).tab()
                .number(1 + random.nextInt(50_000_000))
                .newline();
    }

    /** A reusable line assembled from ASCII pieces, so writing a sale allocates nothing. */
    private static final class LineBuffer {
        final byte[] bytes = new byte[256];
        int length;

        void reset() {
            length = 0;
        }

        LineBuffer bytes(byte[] b) {
            System.arraycopy(b, 0, bytes, length, b.length);
            length += b.length;
            return this;
        }

        LineBuffer ascii(String s) {
            for (int i = 0; i < s.length(); i++) {
                bytes[length++] = (byte) s.charAt(i);
            }
            return this;
        }

        LineBuffer ascii(char c) {
            bytes[length++] = (byte) c;
            return this;
        }

        LineBuffer tab() {
            return ascii('\t');
        }

        LineBuffer newline() {
            return ascii('\n');
        }

        LineBuffer twoDigits(int v) {
            bytes[length++] = (byte) ('0' + v / 10);
            bytes[length++] = (byte) ('0' + v % 10);
            return this;
        }

        LineBuffer number(long v) {
            int start = length;
            do {
                bytes[length++] = (byte) ('0' + v % 10);
                v /= 10;
            } while (v > 0);
            for (int i = start, j = length - 1; i < j; i++, j--) {
                byte t = bytes[i];
                bytes[i] = bytes[j];
                bytes[j] = t;
            }
            return this;
        }
    }

    /** gzip at the fastest level: generating test data should not wait on compression. */
    private static final class FastGzipOutputStream extends GZIPOutputStream {
        FastGzipOutputStream(OutputStream out) throws IOException {
            super(new BufferedOutputStream(out, 1 << 16), 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
