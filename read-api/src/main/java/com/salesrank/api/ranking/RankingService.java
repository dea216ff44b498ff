package com.salesrank.api.ranking;

import java.util.function.Supplier;

import com.salesrank.api.cache.CachedPage;
import com.salesrank.api.cache.RankingCache;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The read path: build the run-scoped cache key, then near cache, Redis, and
 * on a miss the database (through the replica router), serializing the answer
 * once so every later hit sends the stored bytes as they are.
 */
@Service
public class RankingService {

    private final RankingRepository repository;
    private final RankingCache cache;
    private final PublishedRunTracker tracker;
    private final JsonMapper json = JsonMapper.builder().build();

    RankingService(RankingRepository repository, RankingCache cache, PublishedRunTracker tracker) {
        this.repository = repository;
        this.cache = cache;
        this.tracker = tracker;
    }

    /** Ranks offset+1..offset+limit of the category, best first. */
    public CachedPage popular(int categoryId, int offset, int limit) {
        String query = "cat:" + categoryId + ":" + offset + ":" + limit;
        return serve(query, () -> {
            PopularProducts page = repository.popular(categoryId, offset, limit);
            return keyed(page.run(), query, page);
        });
    }

    /** The page for this query if this instance's near cache holds it for the live run, else null. */
    public CachedPage popularFromNearCache(int categoryId, int offset, int limit) {
        long runId = tracker.currentRunId();
        if (runId < 0) {
            return null;
        }
        return cache.nearHit(key(runId, "cat:" + categoryId + ":" + offset + ":" + limit));
    }

    /** The product's rank in each category it sold in during the live window. */
    public CachedPage productRanks(long productId) {
        String query = "product:" + productId;
        return serve(query, () -> {
            ProductRanks ranks = repository.productRanks(productId);
            return keyed(ranks.run(), query, ranks);
        });
    }

    private CachedPage serve(String query, Supplier<RankingCache.Keyed> loader) {
        long runId = tracker.currentRunId();
        if (runId < 0) {
            return cache.load(cache.keyPrefix() + ":norun:" + query, loader);
        }
        return cache.get(key(runId, query), loader);
    }

    private RankingCache.Keyed keyed(PublishedRun run, String query, Object body) {
        tracker.newerRunSeen(run.runId());
        CachedPage page = new CachedPage(run.runId(), run.publishedAt().toEpochMilli(),
                etag(run.runId(), query), json.writeValueAsBytes(body));
        return new RankingCache.Keyed(key(run.runId(), query), page);
    }

    private String key(long runId, String query) {
        return cache.keyPrefix() + ":run:" + runId + ":" + query;
    }

    // Strong: the bytes under one run and query never change.
    static String etag(long runId, String query) {
        return '"' + Long.toString(runId) + ':' + query + '"';
    }
}
