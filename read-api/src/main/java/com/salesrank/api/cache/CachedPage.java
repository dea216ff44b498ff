package com.salesrank.api.cache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One answer, ready to send: the JSON body already serialized, plus what the
 * HTTP layer needs without parsing it (ETag, and the run's publish time for
 * Cache-Control). Both cache tiers hold exactly this; a hit costs no JSON work.
 *
 * <p>Redis value format (big-endian): byte version (1), long runId,
 * long publishedAtMillis, short etag length, etag (ASCII), then the JSON body.
 *
 * @param runId             the published run the body belongs to
 * @param publishedAtMillis when that run was published (epoch ms, UTC)
 * @param etag              the strong entity tag, quotes included
 * @param json              the response body (UTF-8 JSON)
 */
public record CachedPage(long runId, long publishedAtMillis, String etag, byte[] json) {

    private static final byte VERSION = 1;
    private static final int HEADER = 1 + 8 + 8 + 2;

    byte[] encode() {
        byte[] tag = etag.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(HEADER + tag.length + json.length)
                .put(VERSION).putLong(runId).putLong(publishedAtMillis)
                .putShort((short) tag.length).put(tag).put(json)
                .array();
    }

    /** @return the page, or null if {@code bytes} is not a value this version wrote */
    static CachedPage decode(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER || bytes[0] != VERSION) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        buffer.get();
        long runId = buffer.getLong();
        long publishedAt = buffer.getLong();
        int tagLength = buffer.getShort() & 0xffff;
        if (buffer.remaining() < tagLength) {
            return null;
        }
        String etag = new String(bytes, buffer.position(), tagLength, StandardCharsets.US_ASCII);
        buffer.position(buffer.position() + tagLength);
        byte[] json = new byte[buffer.remaining()];
        buffer.get(json);
        return new CachedPage(runId, publishedAt, etag, json);
    }
}
