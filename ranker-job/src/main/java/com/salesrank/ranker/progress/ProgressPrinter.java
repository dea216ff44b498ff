package com.salesrank.ranker.progress;

import com.salesrank.ranker.RankerConfigKeys;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.hadoop.conf.Configuration;

/**
 * Where progress lines go, and how often. On a terminal one line is rewritten in place about every second;
 * in a log a line is written when the last one is {@code logInterval} old. The clock is shared by all the
 * run's jobs and its publish, so a log is never quiet for longer than that while any of them runs.
 * Thread-safe: the publisher's progress is printed from a timer thread.
 */
public final class ProgressPrinter {

    static final Duration TERMINAL_INTERVAL = Duration.ofSeconds(1);

    private final PrintStream out;
    private final ProgressMode mode;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private long lastPrinted;
    /** Length of the line a terminal shows now, to blank what a shorter line leaves over; 0 when none. */
    private int shown;

    public ProgressPrinter(PrintStream out, ProgressMode mode, Duration logInterval, LongSupplier nanoClock) {
        this.out = out;
        this.mode = mode;
        this.intervalNanos = (mode == ProgressMode.TERMINAL ? TERMINAL_INTERVAL : logInterval).toNanos();
        this.nanoClock = nanoClock;
        this.lastPrinted = nanoClock.getAsLong();
    }

    /** As configured ({@link ProgressMode#from}, {@value RankerConfigKeys#PROGRESS_LOG_INTERVAL_SECONDS}), on the system clock. */
    public static ProgressPrinter of(Configuration conf, PrintStream out) {
        Duration interval = Duration.ofSeconds(Math.max(1, conf.getInt(RankerConfigKeys.PROGRESS_LOG_INTERVAL_SECONDS,
                RankerConfigKeys.PROGRESS_LOG_INTERVAL_SECONDS_DEFAULT)));
        return new ProgressPrinter(out, ProgressMode.from(conf), interval, System::nanoTime);
    }

    /** A printer that prints nothing. */
    public static ProgressPrinter off() {
        return new ProgressPrinter(System.err, ProgressMode.OFF, Duration.ofDays(1), System::nanoTime);
    }

    /** Nanoseconds on this printer's clock. */
    long now() {
        return nanoClock.getAsLong();
    }

    /** Whether this printer prints anything at all. */
    public boolean enabled() {
        return mode != ProgressMode.OFF;
    }

    /** Whether the last line is old enough for another. */
    public synchronized boolean due() {
        return mode != ProgressMode.OFF && now() - lastPrinted >= intervalNanos;
    }

    /** Shows {@code line}: rewrites a terminal's line, or writes a log line. Callers ask {@link #due()} first. */
    public synchronized void show(String line) {
        if (mode != ProgressMode.OFF) {
            print(line, mode == ProgressMode.LOG);
        }
    }

    /** Prints a closing line whatever its age (a stage's end), and ends a terminal's line with it. */
    public synchronized void finish(String line) {
        if (mode != ProgressMode.OFF) {
            print(line, true);
        }
    }

    /** Blanks a terminal's updating line, so that what is printed next starts on a clean line. */
    public synchronized void clear() {
        if (mode == ProgressMode.TERMINAL && shown > 0) {
            out.print("\r" + " ".repeat(shown) + "\r");
            out.flush();
            shown = 0;
        }
    }

    private void print(String line, boolean endLine) {
        if (mode == ProgressMode.TERMINAL) {
            String pad = shown > line.length() ? " ".repeat(shown - line.length()) : "";
            out.print("\r" + line + pad + (endLine ? "\n" : ""));
            shown = endLine ? 0 : line.length();
        } else {
            out.println(line);
        }
        out.flush();
        lastPrinted = now();
    }
}
