package com.salesrank.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GeneratorArgumentsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T13:42:10Z"), ZoneOffset.UTC);

    private static SalesLogGenerator.Settings parse(String... args) {
        GeneratorArguments arguments = new GeneratorArguments();
        new CommandLine(arguments).parseArgs(args);
        return arguments.settings(CLOCK);
    }

    @Test
    void defaultsToAWeekEndingAtTheStartOfTheCurrentHour() {
        SalesLogGenerator.Settings settings = parse("--output", "out");
        assertThat(settings.output()).isEqualTo(Path.of("out"));
        assertThat(settings.windowEnd()).isEqualTo(Instant.parse("2026-11-20T13:00:00Z"));
        assertThat(settings.windowHours()).isEqualTo(168);
        assertThat(settings.lines()).isEqualTo(1_000_000);
        assertThat(settings.products()).isEqualTo(5_000_000);
        assertThat(settings.categories()).isEqualTo(1_000);
        assertThat(settings.seed()).isEqualTo(42);
        assertThat(settings.gzip()).isFalse();
        assertThat(settings.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void takesEveryOptionAndGroupedDigits() {
        SalesLogGenerator.Settings settings = parse("--output=o", "--lines", "2,000,000", "--products", "3_000",
                "--window-end", "2026-11-20T14:00:00+01:00", "--window-hours", "24", "--categories", "25",
                "--zipf-exponent", "1.1", "--seed", "7", "--gzip", "--malformed-ratio", "0.01", "--header",
                "--threads", "3");
        assertThat(settings.lines()).isEqualTo(2_000_000);
        assertThat(settings.products()).isEqualTo(3_000);
        assertThat(settings.windowEnd()).isEqualTo(Instant.parse("2026-11-20T13:00:00Z"));
        assertThat(settings.windowHours()).isEqualTo(24);
        assertThat(settings.categories()).isEqualTo(25);
        assertThat(settings.zipfExponent()).isEqualTo(1.1);
        assertThat(settings.seed()).isEqualTo(7);
        assertThat(settings.gzip()).isTrue();
        assertThat(settings.malformedRatio()).isEqualTo(0.01);
        assertThat(settings.header()).isTrue();
        assertThat(settings.threads()).isEqualTo(3);
    }

    @Test
    void refusesWhatItCannotGenerate() {
        assertThatThrownBy(() -> parse("--lines", "10")).isInstanceOf(CommandLine.MissingParameterException.class)
                .hasMessageContaining("--output");
        assertThatThrownBy(() -> parse("--output", "o", "--lines", "many"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--lines");
        assertThatThrownBy(() -> parse("--output", "o", "--bogus")).isInstanceOf(CommandLine.UnmatchedArgumentException.class);
        assertThatThrownBy(() -> parse("--output", "o", "--malformed-ratio", "2"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
