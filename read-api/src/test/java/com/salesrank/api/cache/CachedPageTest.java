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
        assertThat(decoded.headPublishedAtMillis()).as("the full ranking alone answered").isEqualTo(-1);
    }

    @Test
    void keepsTheHeadsPublishTime() {
        CachedPage page = new CachedPage(61, -1, "\"61:cat:7:0:10\"", new byte[] {'{', '}'}, 1_795_000_600_000L);

        CachedPage decoded = CachedPage.decode(page.encode());

        assertThat(decoded.publishedAtMillis()).isEqualTo(-1);
        assertThat(decoded.headPublishedAtMillis()).isEqualTo(1_795_000_600_000L);
        assertThat(decoded.runId()).isEqualTo(61);
    }

    @Test
    void refusesBytesItDidNotWrite() {
        assertThat(CachedPage.decode(null)).isNull();
        assertThat(CachedPage.decode(new byte[3])).isNull();
        assertThat(CachedPage.decode("{\"json\":\"from an older version\"}".getBytes(StandardCharsets.UTF_8)))
                .isNull();
        byte[] truncated = new CachedPage(1, 2, "\"a-long-etag\"", new byte[0]).encode();
        assertThat(CachedPage.decode(java.util.Arrays.copyOf(truncated, truncated.length - 3))).isNull();
        byte[] version1 = java.nio.ByteBuffer.allocate(1 + 8 + 8 + 2 + 2).put((byte) 1).putLong(1).putLong(2)
                .putShort((short) 2).put((byte) '"').put((byte) '"').array();
        assertThat(CachedPage.decode(version1)).as("a value of the format before the head").isNull();
    }
}
