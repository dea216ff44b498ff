package com.salesrank.ranker.progress;

import com.salesrank.ranker.RankerConfigKeys;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;

/** How a run shows the progress of its jobs and of publishing ({@value RankerConfigKeys#PROGRESS}). */
public enum ProgressMode {
    /** One line, rewritten in place ({@code \r}) about every second. */
    TERMINAL,
    /** A line every {@value RankerConfigKeys#PROGRESS_LOG_INTERVAL_SECONDS_DEFAULT} s or so, for logs (cron, no tty). */
    LOG,
    /** Nothing. */
    OFF;

    /** The configured mode; {@code auto} is TERMINAL when the JVM has a console (stdin and stdout a tty), else LOG. */
    public static ProgressMode from(Configuration conf) {
        String value = conf.getTrimmed(RankerConfigKeys.PROGRESS, RankerConfigKeys.PROGRESS_DEFAULT)
                .toLowerCase(Locale.ROOT);
        return switch (value) {
            case "auto" -> System.console() != null ? TERMINAL : LOG;
            case "terminal" -> TERMINAL;
            case "log" -> LOG;
            case "off" -> OFF;
            default -> throw new IllegalArgumentException(RankerConfigKeys.PROGRESS
                    + " must be auto, terminal, log or off, got " + value);
        };
    }
}
