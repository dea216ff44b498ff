package com.salesrank.api.cache;

import java.nio.charset.StandardCharsets;

/**
 * The live runs as the last instance that could read a database saw them, kept in Redis: an instance
 * that reaches no database keys its pages on them, so the pages Redis holds still answer.
 */
public class RememberedRuns {

    private final RedisPageStore redis;
    private final CacheProperties properties;

    /** @param redis the Redis tier, or null when it is disabled (nothing is remembered) */
    public RememberedRuns(CacheProperties properties, RedisPageStore redis) {
        this.properties = properties;
        this.redis = redis;
    }

    /** Remembers the latest run id in Redis, for instances that cannot reach any database. */
    public void rememberCurrentRun(long runId) {
        if (redis != null) {
            redis.put(currentRunKey(), Long.toString(runId).getBytes(StandardCharsets.US_ASCII),
                    properties.redis().ttl());
        }
    }

    /** @return the run id another instance last read from a database, or -1 */
    public long rememberedCurrentRun() {
        if (redis == null) {
            return -1;
        }
        byte[] value = redis.getRaw(currentRunKey());
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(new String(value, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** What answers pages within the head, as an instance that reads the database last saw it. */
    public record RememberedHead(long runId, int k) {
    }

    /**
     * Remembers in Redis which head run answers pages within its K ({@code runId} -1: none, the
     * full ranking answers every page), for instances that cannot reach any database: without it
     * they would key the hottest pages on the full run and miss what Redis holds for them.
     */
    public void rememberHead(long runId, int k) {
        if (redis != null) {
            redis.put(currentHeadKey(), (runId + ":" + k).getBytes(StandardCharsets.US_ASCII),
                    properties.redis().ttl());
        }
    }

    /** @return the head another instance last saw answering pages within its K, or null (none, or not known) */
    public RememberedHead rememberedHead() {
        byte[] value = redis == null ? null : redis.getRaw(currentHeadKey());
        if (value == null) {
            return null;
        }
        String text = new String(value, StandardCharsets.US_ASCII);
        int colon = text.indexOf(':');
        try {
            long runId = Long.parseLong(text.substring(0, Math.max(colon, 0)));
            int k = Integer.parseInt(text.substring(colon + 1));
            return runId < 0 || k <= 0 ? null : new RememberedHead(runId, k);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String currentHeadKey() {
        return properties.redis().keyPrefix() + ":run:current:head";
    }

    private String currentRunKey() {
        return properties.redis().keyPrefix() + ":run:current";
    }
}
