package com.salesrank.api.run;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** DATETIME columns hold UTC without a zone: how every repository reads and binds them. */
public final class UtcColumns {

    private static final DateTimeFormatter SQL_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private UtcColumns() {
    }

    /** @return the column as an instant in UTC, or null when it is NULL */
    public static Instant utc(ResultSet rs, int column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    /** As text, like the publisher writes it: no driver time zone conversion on the way. */
    public static String sqlUtc(Instant instant) {
        return SQL_DATETIME.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
}
