package com.salesrank.ranker.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HourFolderInputsTest {

    private static final DateTimeFormatter HOUR_FOLDER =
            DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);

    @TempDir
    java.nio.file.Path tmp;

    private final HourFolderInputs inputs = new HourFolderInputs(new Configuration());

    @Test
    void keepsOnlyTheHourFoldersOfTheWindowPlusOneHourOfSlackEachSide() throws IOException {
        java.nio.file.Path root = tmp.resolve("logs");
        // every hour of three days, and a far older day
        for (Instant h = Instant.parse("2026-11-19T00:00:00Z"); h.isBefore(Instant.parse("2026-11-22T00:00:00Z"));
                h = h.plusSeconds(3600)) {
            hourFolder(root, h);
        }
        hourFolder(root, Instant.parse("2025-01-01T05:00:00Z"));

        List<Path> paths = inputs.forWindow(List.of(path(root)),
                Instant.parse("2026-11-20T10:00:00Z"), Instant.parse("2026-11-21T05:30:00Z"));

        // [10:00 - 1 h, 05:30 + 1 h) touches the hours 09:00 of the 20th to 06:00 of the 21st
        assertThat(relative(root, paths)).containsExactlyElementsOf(hoursBetween(
                Instant.parse("2026-11-20T09:00:00Z"), Instant.parse("2026-11-21T06:00:00Z")));
    }

    @Test
    void crossesMonthAndYearBoundariesAndToleratesMissingDaysAndHours() throws IOException {
        java.nio.file.Path root = tmp.resolve("logs");
        hourFolder(root, Instant.parse("2026-12-31T21:00:00Z"));
        hourFolder(root, Instant.parse("2026-12-31T22:00:00Z"));
        hourFolder(root, Instant.parse("2027-01-01T01:00:00Z"));
        hourFolder(root, Instant.parse("2027-01-01T02:00:00Z"));
        Files.createDirectories(root.resolve("2027/01/01/notes")); // not an hour: ignored

        List<Path> paths = inputs.forWindow(List.of(path(root)),
                Instant.parse("2026-12-31T23:30:00Z"), Instant.parse("2027-01-01T00:30:00Z"));

        assertThat(relative(root, paths)).containsExactly("2026/12/31/22", "2027/01/01/01");
    }

    @Test
    void passesThroughARootThatIsNotInTheHourLayout() throws IOException {
        java.nio.file.Path flat = tmp.resolve("flat");
        Files.createDirectories(flat.resolve("2026"));
        Files.writeString(flat.resolve("sales.log"), "x\n"); // data beside the year folders: not the layout
        java.nio.file.Path file = tmp.resolve("one.log");
        Files.writeString(file, "x\n");
        Path glob = new Path(path(tmp.resolve("logs")), "2026/11/*/*");

        List<Path> paths = inputs.forWindow(List.of(path(flat), path(file), glob),
                Instant.parse("2026-11-20T10:00:00Z"), Instant.parse("2026-11-21T10:00:00Z"));

        assertThat(paths).containsExactly(path(flat), path(file), glob);
    }

    @Test
    void aRootWithNoHourFolderForTheWindowLeavesNothingToReadAndFails() throws IOException {
        java.nio.file.Path root = tmp.resolve("logs");
        hourFolder(root, Instant.parse("2026-11-20T08:00:00Z")); // 2 h before the window: outside the slack
        hourFolder(root, Instant.parse("2026-11-20T12:00:00Z")); // the window's end hour + 1 h: outside

        assertThatThrownBy(() -> inputs.forWindow(List.of(path(root)),
                Instant.parse("2026-11-20T10:00:00Z"), Instant.parse("2026-11-20T11:00:00Z")))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining("no hour folder");
    }

    @Test
    void aMissingRootIsAnError() {
        assertThatThrownBy(() -> inputs.forWindow(List.of(path(tmp.resolve("absent"))),
                Instant.parse("2026-11-20T10:00:00Z"), Instant.parse("2026-11-20T11:00:00Z")))
                .isInstanceOf(FileNotFoundException.class);
    }

    private static void hourFolder(java.nio.file.Path root, Instant hour) throws IOException {
        java.nio.file.Path dir = root.resolve(HOUR_FOLDER.format(hour));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("sales-0.log"), "");
    }

    private static List<String> hoursBetween(Instant firstInclusive, Instant lastInclusive) {
        return java.util.stream.Stream.iterate(firstInclusive, h -> !h.isAfter(lastInclusive), h -> h.plusSeconds(3600))
                .map(HOUR_FOLDER::format)
                .toList();
    }

    private static List<String> relative(java.nio.file.Path root, List<Path> paths) {
        String prefix = path(root).toUri().getPath().replaceAll("/$", "") + "/";
        return paths.stream().map(p -> p.toUri().getPath().substring(prefix.length())).toList();
    }

    private static Path path(java.nio.file.Path local) {
        return new Path(local.toUri());
    }
}
