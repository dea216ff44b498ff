package com.salesrank.ranker.window;

import com.salesrank.ranker.RankerConfigKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The half-open interval {@code [start, end)} of sale instants a ranking covers.
 * It travels to the mappers through the job configuration.
 */
public record RankingWindow(Instant start, Instant end) {

    public static final int DEFAULT_HOURS = 168;

    public RankingWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("window start " + start + " is not before its end " + end);
        }
    }

    /** The {@code hours} hours that end at {@code end}. */
    public static RankingWindow ending(Instant end, int hours) {
        if (hours < 1) {
            throw new IllegalArgumentException("window hours must be at least 1, got " + hours);
        }
        return new RankingWindow(end.minus(Duration.ofHours(hours)), end);
    }

    /** The default end: the start of the current UTC hour, so an hourly run ranks whole hours only. */
    public static Instant defaultEnd(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.HOURS);
    }

    public boolean contains(long epochSecond, int nano) {
        return !isBefore(epochSecond, nano, start) && isBefore(epochSecond, nano, end);
    }

    public boolean contains(Instant instant) {
        return contains(instant.getEpochSecond(), instant.getNano());
    }

    private static boolean isBefore(long epochSecond, int nano, Instant edge) {
        return epochSecond < edge.getEpochSecond() || (epochSecond == edge.getEpochSecond() && nano < edge.getNano());
    }

    public long hours() {
        return Duration.between(start, end).toHours();
    }

    /** Writes this window into a Hadoop configuration (via plain setters, to stay Hadoop-free). */
    public void writeTo(ConfSetter conf) {
        conf.set(RankerConfigKeys.WINDOW_START_SECOND, Long.toString(start.getEpochSecond()));
        conf.set(RankerConfigKeys.WINDOW_START_NANO, Integer.toString(start.getNano()));
        conf.set(RankerConfigKeys.WINDOW_END_SECOND, Long.toString(end.getEpochSecond()));
        conf.set(RankerConfigKeys.WINDOW_END_NANO, Integer.toString(end.getNano()));
    }

    /** Reads the window written by {@link #writeTo}; fails loudly if a task was started without one. */
    public static RankingWindow readFrom(ConfGetter conf) {
        String startSecond = conf.get(RankerConfigKeys.WINDOW_START_SECOND);
        String endSecond = conf.get(RankerConfigKeys.WINDOW_END_SECOND);
        if (startSecond == null || endSecond == null) {
            throw new IllegalStateException("the job configuration has no ranking window (" + RankerConfigKeys.WINDOW_START_SECOND + ")");
        }
        return new RankingWindow(
                Instant.ofEpochSecond(Long.parseLong(startSecond), Long.parseLong(orZero(conf.get(RankerConfigKeys.WINDOW_START_NANO)))),
                Instant.ofEpochSecond(Long.parseLong(endSecond), Long.parseLong(orZero(conf.get(RankerConfigKeys.WINDOW_END_NANO)))));
    }

    private static String orZero(String value) {
        return value == null ? "0" : value;
    }

    /** {@code Configuration::set}. */
    @FunctionalInterface
    public interface ConfSetter {
        void set(String name, String value);
    }

    /** {@code Configuration::get}. */
    @FunctionalInterface
    public interface ConfGetter {
        String get(String name);
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end + ")";
    }
}
