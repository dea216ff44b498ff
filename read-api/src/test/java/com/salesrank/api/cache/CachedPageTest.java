package com.salesrank.api.cache;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CachedPageTest {

    @Test
    void roundTripsThroughItsRedisEncoding() {
        CachedPage page = new CachedPage(123456789L, 1_795_000_000_123L, "\"12:cat:7:0:10\"",
                "{\"items\":[\"é\"]}".getBytes(StandardCharsets.UTF_8));

        CachedPage decoded = CachedPage.decode(page.encode());

        assertThat(decoded.runId()).isEqualTo(123456789L);
        assertThat(decoded.publishedAtMillis()).isEqualTo(1_795_000_000_123L);
        assertThat(decoded.etag()).isEqualTo("\"12:cat:7:0:10\"");
        assertThat(new String(decoded.json(), StandardCharsets.UTF_8)).isEqualTo("{\"items\":[\"é\"]}");
    }

    @Test
    void refusesBytesItDidNotWrite() {
        assertThat(CachedPage.decode(null)).isNull();
        assertThat(CachedPage.decode(new byte[3])).isNull();
        assertThat(CachedPage.decode("{\"json\":\"from an older version\"}".getBytes(StandardCharsets.UTF_8)))
                .isNull();
        byte[] truncated = new CachedPage(1, 2, "\"a-long-etag\"", new byte[0]).encode();
        assertThat(CachedPage.decode(java.util.Arrays.copyOf(truncated, truncated.length - 3))).isNull();
    }
}
