package com.salesrank.ranker.rank;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RankReducerDecimalTest {

    @ParameterizedTest
    @ValueSource(longs = {0, 7, 9, 10, 99, 100, 12_345, 999_999_999, 1_000_000_000, Integer.MAX_VALUE,
            Integer.MAX_VALUE + 1L, 29_000_000_000L, Long.MAX_VALUE, -1, -10, Integer.MIN_VALUE, Long.MIN_VALUE})
    void writesTheDigitsLongToStringWritesWhereItIsTold(long value) {
        byte[] buffer = new byte[32];
        buffer[0] = 'x';

        int end = RankReducer.appendDecimal(buffer, 1, value);

        assertThat(new String(buffer, 0, end, StandardCharsets.US_ASCII)).isEqualTo("x" + value);
    }
}
