package com.salesrank.ranker.publish;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The day partitions of {@code sales_rank_history} (schema migration V5): one per UTC day of the window
 * end, added ahead of the runs that write into them. {@link RankHistory#prune} drops them.
 */
final class HistoryPartitions {

    private static final String PARTITIONS = """
            SELECT partition_name, partition_description FROM information_schema.partitions
            WHERE table_schema = DATABASE() AND table_name = 'sales_rank_history'
            ORDER BY partition_ordinal_position""";

    /** Days of partitions added beyond the window being published. */
    static final int DAYS_AHEAD = 2;
    /** Missing days up to this many get a partition each; a longer gap gets one "pupto" partition. */
    static final int GAP_DAYS = 31;

    static final DateTimeFormatter DAY_NAME = DateTimeFormatter.ofPattern("yyyyMMdd");

    private HistoryPartitions() {
    }

    /**
     * Adds the day partitions a run with this window end writes into, and {@value #DAYS_AHEAD} days
     * beyond, so that a day's partition exists before it begins. Days missing before it get one
     * partition each, up to {@value #GAP_DAYS} of them; a longer gap (a window far ahead of the last
     * one published) gets one "pupto" partition.
     *
     * @return the table's partitions now, in order (none: the table is not partitioned)
     */
    static List<Partition> addDays(Connection connection, Instant windowEnd) throws SQLException {
        List<Partition> partitions = partitions(connection);
        if (partitions.isEmpty()) {
            return partitions;
        }
        LocalDate day = LocalDate.ofInstant(windowEnd, ZoneOffset.UTC);
        LocalDate lastNeeded = day.plusDays(DAYS_AHEAD);
        LocalDateTime end = partitions.get(partitions.size() - 1).end();
        LocalDate next = end.toLocalTime().equals(LocalTime.MIDNIGHT) ? end.toLocalDate() : end.toLocalDate().plusDays(1);
        List<Partition> added = new ArrayList<>();
        if (ChronoUnit.DAYS.between(next, day) > GAP_DAYS) {
            added.add(new Partition("pupto" + DAY_NAME.format(day.minusDays(1)), day.atStartOfDay()));
            next = day;
        }
        for (LocalDate d = next; !d.isAfter(lastNeeded); d = d.plusDays(1)) {
            added.add(new Partition("p" + DAY_NAME.format(d), d.plusDays(1).atStartOfDay()));
        }
        if (added.isEmpty()) {
            return partitions;
        }
        WriterConnections.execute(connection, "ALTER TABLE sales_rank_history ADD PARTITION ("
                + String.join(", ", added.stream().map(Partition::definition).toList()) + ")");
        List<Partition> now = new ArrayList<>(partitions);
        now.addAll(added);
        return now;
    }

    /** A partition of the history: it holds the window ends before {@code end}. */
    record Partition(String name, LocalDateTime end) {
        boolean spansDays() {
            return name.startsWith("pupto");
        }

        String definition() {
            return "PARTITION " + name + " VALUES LESS THAN ('" + SqlDateTimes.seconds(end) + "')";
        }
    }

    /**
     * The history's partitions in order, or none when the table is not partitioned: a database not yet
     * migrated to V5, which this publisher still writes and prunes the way it did before (deletes).
     */
    static List<Partition> partitions(Connection connection) throws SQLException {
        List<Partition> partitions = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(PARTITIONS)) {
            while (rs.next()) {
                String name = rs.getString(1);
                String end = rs.getString(2);
                if (name != null && end != null) {
                    // RANGE COLUMNS reports the bound as a quoted literal: '2026-12-04 00:00:00'
                    partitions.add(new Partition(name, SqlDateTimes.parseSeconds(end.replace("'", ""))));
                }
            }
        }
        return partitions;
    }
}
