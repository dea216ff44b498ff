package com.salesrank.api.ranking;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import com.salesrank.api.cache.CachedPage;
import com.salesrank.api.cache.RankingCache;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The read path: build the run-scoped cache key, then near cache, Redis, and
 * on a miss the database (through the replica router), serializing the answer
 * once so every later hit sends the stored bytes as they are.
 *
 * <p>Two rankings are published: the full one (hourly) and the head (ranks 1..K of every
 * category, every 10 minutes). A page that lies wholly within the head's K is answered by the
 * newer of the two (by window end); any other page by the full ranking. The key (and the ETag)
 * names the run expected to answer, as the tracker knows the live runs; what the database actually
 * returned is stored under its own run's key.
 */
@Service
public class RankingService {

    /** Reads of a page from a head run other than the one K was read for, before giving up on the head. */
    static final int HEAD_ATTEMPTS = 3;

    private final RankingRepository repository;
    private final RankingCache cache;
    private final PublishedRunTracker tracker;
    private final JsonMapper json;

    RankingService(RankingRepository repository, RankingCache cache, PublishedRunTracker tracker, JsonMapper json) {
        this.repository = repository;
        this.cache = cache;
        this.tracker = tracker;
        this.json = json;
    }

    /** Ranks offset+1..offset+limit of the category, best first; waits for a database load. */
    public CachedPage popular(int categoryId, int offset, int limit) {
        return RankingCache.await(popularAsync(categoryId, offset, limit));
    }

    /** Ranks offset+1..offset+limit of the category, best first: done at once on a cache hit. */
    public CompletableFuture<CachedPage> popularAsync(int categoryId, int offset, int limit) {
        String query = "cat:" + categoryId + ":" + offset + ":" + limit;
        return serve(popularRun(offset, limit), query, () -> keyed(loadPopular(categoryId, offset, limit), query));
    }

    /** The page for this query if this instance's near cache holds it for the live run, else null. */
    public CachedPage popularFromNearCache(int categoryId, int offset, int limit) {
        long runId = popularRun(offset, limit);
        if (runId < 0) {
            return null;
        }
        return cache.nearHit(key(Long.toString(runId), "cat:" + categoryId + ":" + offset + ":" + limit));
    }

    /** The product's rank in each category it sold in during the live window(s); waits for a database load. */
    public CachedPage productRanks(long productId) {
        return RankingCache.await(productRanksAsync(productId));
    }

    /** The product's rank in each category it sold in during the live window(s): done at once on a cache hit. */
    public CompletableFuture<CachedPage> productRanksAsync(long productId) {
        String query = "product:" + productId;
        String runs = productRuns();
        return serve(runs == null ? -1 : 0, runs, query, () -> keyed(loadProductRanks(productId), query));
    }

    /** The run expected to answer the page: the head's when it covers the page and is newer, else the full one's. */
    private long popularRun(int offset, int limit) {
        HeadRun head = tracker.currentHead();
        if (head != null && head.covers(offset, limit) && head.newerThan(tracker.current())) {
            return head.run().runId();
        }
        return tracker.currentRunId();
    }

    /** The run(s) expected to answer a product's ranks: "head+full" while the head is newer, else "full". */
    private String productRuns() {
        long full = tracker.currentRunId();
        HeadRun head = tracker.currentHead();
        if (head != null && head.newerThan(tracker.current())) {
            return runs(head.run().runId(), full);
        }
        return full < 0 ? null : Long.toString(full);
    }

    /**
     * K is read with its head run; a page the newer-ranking statement took from another head run
     * (a head was swapped in since) is only accepted once K has been read for that run, so the
     * page is still wholly within the head that answered it.
     */
    private PopularProducts loadPopular(int categoryId, int offset, int limit) {
        for (int attempt = 1; ; attempt++) {
            HeadRun head = tracker.currentHead();
            if (head == null || !head.covers(offset, limit)) {
                return repository.popular(categoryId, offset, limit);
            }
            PopularProducts page = repository.popularFromNewer(categoryId, offset, limit);
            if (page.ranking() == Ranking.FULL || page.runId() == head.run().runId()) {
                return page;
            }
            if (attempt == HEAD_ATTEMPTS) {
                // the replicas disagree on the head: the full ranking answers every page consistently
                return repository.popular(categoryId, offset, limit);
            }
            tracker.refreshHead();
        }
    }

    private ProductRanks loadProductRanks(long productId) {
        for (int attempt = 1; ; attempt++) {
            HeadRun head = tracker.currentHead();
            if (head == null) {
                return repository.productRanks(productId);
            }
            ProductRankRows rows = repository.productRanksInBoth(productId);
            if (!rows.headAnswers() || rows.head().runId() == head.run().runId()) {
                ProductRanks ranks = rows.answer(head.k());
                if (ranks == null) {
                    throw new NoRankingPublishedException();
                }
                return ranks;
            }
            if (attempt == HEAD_ATTEMPTS) {
                return repository.productRanks(productId);
            }
            tracker.refreshHead();
        }
    }

    private CompletableFuture<CachedPage> serve(long runId, String query, Supplier<RankingCache.Keyed> loader) {
        return serve(runId, Long.toString(runId), query, loader);
    }

    private CompletableFuture<CachedPage> serve(long known, String runs, String query, Supplier<RankingCache.Keyed> loader) {
        if (known < 0) {
            return cache.load(cache.keyPrefix() + ":norun:" + query, loader);
        }
        return cache.get(key(runs, query), loader);
    }

    private RankingCache.Keyed keyed(PopularProducts page, String query) {
        long published = page.publishedAt().toEpochMilli();
        boolean head = page.ranking() == Ranking.HEAD;
        if (!head) {
            tracker.newerRunSeen(page.runId());
        }
        String runs = Long.toString(page.runId());
        return keyed(new CachedPage(page.runId(), head ? -1 : published, etag(runs, query),
                json.writeValueAsBytes(page), head ? published : -1), runs, query);
    }

    private RankingCache.Keyed keyed(ProductRanks ranks, String query) {
        long fullRun = -1;
        long headRun = -1;
        long fullPublished = -1;
        long headPublished = -1;
        for (ProductRanks.Run run : ranks.runs()) {
            if (run.ranking() == Ranking.HEAD) {
                headRun = run.runId();
                headPublished = run.publishedAt().toEpochMilli();
            } else {
                fullRun = run.runId();
                fullPublished = run.publishedAt().toEpochMilli();
                tracker.newerRunSeen(run.runId());
            }
        }
        String runs = headRun < 0 ? Long.toString(fullRun) : runs(headRun, fullRun);
        return keyed(new CachedPage(ranks.runId(), fullPublished, etag(runs, query), json.writeValueAsBytes(ranks),
                headPublished), runs, query);
    }

    private RankingCache.Keyed keyed(CachedPage page, String runs, String query) {
        return new RankingCache.Keyed(key(runs, query), page);
    }

    /** A head run and the full run read with it; just the head's when there is no full ranking. */
    private static String runs(long headRun, long fullRun) {
        return fullRun < 0 ? Long.toString(headRun) : headRun + "+" + fullRun;
    }

    private String key(String runs, String query) {
        return cache.keyPrefix() + ":run:" + runs + ":" + query;
    }

    // Strong: the bytes under one run (or pair of runs) and query never change.
    static String etag(String runs, String query) {
        return '"' + runs + ':' + query + '"';
    }

    static String etag(long runId, String query) {
        return etag(Long.toString(runId), query);
    }
}
