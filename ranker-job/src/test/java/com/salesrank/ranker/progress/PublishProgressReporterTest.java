package com.salesrank.ranker.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PublishProgressReporterTest {

    private final FakeClock clock = new FakeClock();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private PublishProgressReporter reporter(ProgressMode mode) {
        return new PublishProgressReporter(new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                mode, Duration.ofSeconds(10), clock));
    }

    @Test
    void saysThePhaseAndWhileLoadingTheRowsPerSecondSinceTheLoadBegan() {
        PublishProgressReporter reporter = reporter(ProgressMode.LOG);
        AtomicLong rows = new AtomicLong();
        try {
            reporter.phase("lock", null);
            clock.advance(Duration.ofSeconds(3));
            reporter.phase("load", rows::get);
            clock.advance(Duration.ofSeconds(4));
            rows.set(1_000_000);
            assertThat(reporter.line()).isEqualTo("publish: load, 1,000,000 rows, 250,000 rows/s | 4 s");
            reporter.phase("index", null);
            clock.advance(Duration.ofMillis(61_000));
            assertThat(reporter.line()).isEqualTo("publish: index | 1m01s");
        } finally {
            reporter.end();
        }
    }

    @Test
    void inALogATickWritesALineOnlyWhenTheLastIsIntervalOld() {
        PublishProgressReporter reporter = reporter(ProgressMode.LOG);
        try {
            reporter.phase("swap", null);
            clock.advance(Duration.ofSeconds(9));
            reporter.tick();
            assertThat(bytes.toString(StandardCharsets.UTF_8)).isEmpty();
            clock.advance(Duration.ofSeconds(1));
            reporter.tick();
            reporter.tick();
            assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("publish: swap | 10 s\n");
        } finally {
            reporter.end();
        }
    }

    @Test
    void onATerminalTheLineIsBlankedWhenThePublishEnds() {
        PublishProgressReporter reporter = reporter(ProgressMode.TERMINAL);
        reporter.phase("load", () -> 10);
        clock.advance(Duration.ofSeconds(1));
        reporter.tick();
        reporter.end();

        String line = "publish: load, 10 rows, 10 rows/s | 1 s";
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("\r" + line + "\r" + " ".repeat(line.length()) + "\r");
    }
}
