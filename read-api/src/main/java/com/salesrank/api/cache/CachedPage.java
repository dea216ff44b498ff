package com.salesrank.api.cache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One answer, ready to send: the JSON body already serialized, plus what the
 * HTTP layer needs without parsing it (ETag, and the run's publish time for
 * Cache-Control). Both cache tiers hold exactly this; a hit costs no JSON work.
 *
 * <p>Redis value format (big-endian): byte version (2), long runId,
 * long publishedAtMillis, long headPublishedAtMillis, short etag length, etag (ASCII), then the
 * JSON body. (Version 1, without the head's time, reads as a miss.)
 *
 * @param runId                 the (newest) published run the body belongs to
 * @param publishedAtMillis     when the full ranking's run that answered was published (epoch ms,
 *                              UTC), or -1 when the full ranking did not answer
 * @param etag                  the strong entity tag, quotes included
 * @param json                  the response body (UTF-8 JSON)
 * @param headPublishedAtMillis when the head ranking's run that answered was published, or -1 when
 *                              the head did not answer; the two rankings publish at different
 *                              cadences, so Cache-Control needs each
 */
public record CachedPage(long runId, long publishedAtMillis, String etag, byte[] json, long headPublishedAtMillis) {

    private static final byte VERSION = 2;
    private static final int HEADER = 1 + 8 + 8 + 8 + 2;

    /** A page the full ranking alone answered. */
    public CachedPage(long runId, long publishedAtMillis, String etag, byte[] json) {
        this(runId, publishedAtMillis, etag, json, -1);
    }

    byte[] encode() {
        byte[] tag = etag.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(HEADER + tag.length + json.length)
                .put(VERSION).putLong(runId).putLong(publishedAtMillis).putLong(headPublishedAtMillis)
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
        long headPublishedAt = buffer.getLong();
        int tagLength = buffer.getShort() & 0xffff;
        if (buffer.remaining() < tagLength) {
            return null;
        }
        String etag = new String(bytes, buffer.position(), tagLength, StandardCharsets.US_ASCII);
        buffer.position(buffer.position() + tagLength);
        byte[] json = new byte[buffer.remaining()];
        buffer.get(json);
        return new CachedPage(runId, publishedAt, etag, json, headPublishedAt);
    }
}
