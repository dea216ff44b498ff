package com.salesrank.ranker.publish;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The UTC DATETIME literals the publisher, the rank history and {@code PublishTool} write, in one place.
 * They are sent as strings because Connector/J drops fractional seconds for MariaDB (whose handshake
 * reports version 5.5.5, before MySQL had them).
 */
public final class SqlDateTimes {

    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private SqlDateTimes() {
    }

    /** A DATETIME(3) literal, for {@code published_at}. */
    static String millis(Instant instant) {
        return MILLIS.format(LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC));
    }

    /** A window edge: DATETIME(0), truncated here, because MySQL would round a fraction and MariaDB truncate it. */
    public static String seconds(Instant instant) {
        return SECONDS.format(LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC));
    }

    /** A local date-time (a history partition's bound) as a DATETIME(0) literal. */
    static String seconds(LocalDateTime dateTime) {
        return SECONDS.format(dateTime);
    }

    /** A DATETIME(0) literal as the server reports it (a partition's bound), without its quotes. */
    static LocalDateTime parseSeconds(String literal) {
        return LocalDateTime.parse(literal, SECONDS);
    }
}
