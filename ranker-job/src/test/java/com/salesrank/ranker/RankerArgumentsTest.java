package com.salesrank.ranker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RankerArgumentsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T13:42:00Z"), ZoneOffset.UTC);

    private static RankerArguments parse(String... args) throws ArgumentException {
        return RankerArguments.parse(args, CLOCK);
    }

    @Test
    void defaultsToTheWeekEndingAtTheCurrentHour() throws ArgumentException {
        RankerArguments arguments = parse("--input", "in", "--output", "out");
        assertThat(arguments.window().end()).isEqualTo(Instant.parse("2026-11-20T13:00:00Z"));
        assertThat(arguments.window().start()).isEqualTo(Instant.parse("2026-11-13T13:00:00Z"));
        assertThat(arguments.maxMalformedRatio()).isEqualTo(0.01);
        assertThat(arguments.reducers()).isEmpty();
        assertThat(arguments.overwrite()).isFalse();
    }

    @Test
    void takesEveryOption() throws ArgumentException {
        RankerArguments arguments = parse("--input", "a", "b", "--input=s3a://bucket/x,hdfs:///y/*", "--output=out",
                "--window-end", "2026-11-20T15:00:00+02:00", "--window-hours", "24", "--max-malformed-ratio", "0.5",
                "--reducers", "3", "--overwrite");
        assertThat(arguments.inputs()).containsExactly("a", "b", "s3a://bucket/x", "hdfs:///y/*");
        assertThat(arguments.output()).isEqualTo("out");
        assertThat(arguments.window().end()).isEqualTo(Instant.parse("2026-11-20T13:00:00Z"));
        assertThat(arguments.window().start()).isEqualTo(Instant.parse("2026-11-19T13:00:00Z"));
        assertThat(arguments.maxMalformedRatio()).isEqualTo(0.5);
        assertThat(arguments.reducers()).hasValue(3);
        assertThat(arguments.overwrite()).isTrue();
    }

    @Test
    void helpNeedsNothingElse() throws ArgumentException {
        assertThat(parse("--help").help()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--output out|--input is required",
        "--input in|--output is required",
        "--input|--input needs at least one path",
        "--input in --output|--output needs a value",
        "--input in --output out --window-end 2026-11-20T13:00:00|--window-end must be an ISO-8601 instant",
        "--input in --output out --window-end 1763643600|--window-end must be an ISO-8601 instant",
        "--input in --output out --window-hours 0|--window-hours must be a whole number of at least 1",
        "--input in --output out --window-hours x|--window-hours must be a whole number of at least 1",
        "--input in --output out --max-malformed-ratio 1.5|--max-malformed-ratio must be a number from 0 to 1",
        "--input in --output out --reducers -1|--reducers must be a whole number of at least 1",
        "--input in --output out --bogus|unknown argument: --bogus"})
    void rejectsBadArgumentsWithAOneLineReason(String args, String reason) {
        assertThatThrownBy(() -> parse(args.split(" ")))
                .isInstanceOf(ArgumentException.class)
                .hasMessageStartingWith(reason)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void inputsAreKeptInOrder() throws ArgumentException {
        assertThat(parse("--input", "x", "--output", "o", "--input", "y").inputs()).isEqualTo(List.of("x", "y"));
    }
}
