package com.salesrank.api.history;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import com.salesrank.api.cache.CachedPage;
import com.salesrank.api.cache.RankingCache;
import com.salesrank.api.run.PageKeys;
import com.salesrank.api.run.PublishedRun;
import com.salesrank.api.run.PublishedRunTracker;
import com.salesrank.api.run.RunScoped;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rank history and movers, cached exactly like /popular: the key and the ETag carry the live run
 * (an answer is fixed by it: the live ranking plus older runs' history, which never changes), the near
 * cache and Redis before the database, the serialized bytes stored once.
 */
@Service
public class RankHistoryService {

    private final RankHistoryRepository repository;
    private final RankingCache cache;
    private final PublishedRunTracker tracker;
    private final JsonMapper json;

    RankHistoryService(RankHistoryRepository repository, RankingCache cache, PublishedRunTracker tracker,
            JsonMapper json) {
        this.repository = repository;
        this.cache = cache;
        this.tracker = tracker;
        this.json = json;
    }

    /** The product's points in the category over the {@code hours} up to the live window end, oldest first. */
    public CompletableFuture<CachedPage> history(long productId, int categoryId, int hours, String ifNoneMatch) {
        String query = "history:" + productId + ":" + categoryId + ":" + hours;
        return serve(query, ifNoneMatch,
                () -> repository.history(productId, categoryId, hours).thenApply(answer -> keyed(query, answer)));
    }

    /** The category's biggest climbers against the ranking 24 hours before the live one. */
    public CompletableFuture<CachedPage> movers(int categoryId, int limit, String ifNoneMatch) {
        String query = "movers:" + categoryId + ":" + limit;
        return serve(query, ifNoneMatch,
                () -> repository.movers(categoryId, limit).thenApply(answer -> keyed(query, answer)));
    }

    /** Every category's biggest climbers together, against the ranking 24 hours before the live one. */
    public CompletableFuture<CachedPage> overallMovers(int limit, String ifNoneMatch) {
        String query = "movers:all:" + limit;
        return serve(query, ifNoneMatch,
                () -> repository.overallMovers(limit).thenApply(answer -> keyed(query, answer)));
    }

    /** Keyed like /popular: the run that answers now, a miss loading for the newest run (see the tracker). */
    private CompletableFuture<CachedPage> serve(String query, String ifNoneMatch,
            Supplier<CompletableFuture<RankingCache.Keyed>> loader) {
        long runId = runId(tracker.servingFor(ifNoneMatch));
        if (runId < 0) {
            return cache.load(PageKeys.beforeAnyRun(cache.keyPrefix(), query), loader);
        }
        return cache.get(key(runId, query), key(runId(tracker.loadingRun()), query), loader);
    }

    private long runId(PublishedRun run) {
        return run != null ? run.runId() : tracker.currentRunId();
    }

    // stored under the run the database answered with, which may be newer or older than the tracker's
    private RankingCache.Keyed keyed(String query, RunScoped<?> answer) {
        PublishedRun run = answer.run();
        tracker.newerRunSeen(run.runId());
        CachedPage page = new CachedPage(run.runId(), run.publishedAt().toEpochMilli(),
                PageKeys.etag(run.runId(), query), json.writeValueAsBytes(answer.body()));
        return new RankingCache.Keyed(key(run.runId(), query), page);
    }

    private String key(long runId, String query) {
        return PageKeys.key(cache.keyPrefix(), runId, query);
    }
}
