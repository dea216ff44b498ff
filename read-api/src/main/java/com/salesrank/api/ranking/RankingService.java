package com.salesrank.api.ranking;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

import com.salesrank.api.cache.CacheProperties;
import com.salesrank.api.cache.CachedPage;
import com.salesrank.api.cache.DatabaseLoadsBusyException;
import com.salesrank.api.cache.RankingCache;
import com.salesrank.api.replica.ReplicaRouter;
import com.salesrank.api.run.HeadRun;
import com.salesrank.api.run.NoRankingPublishedException;
import com.salesrank.api.run.PageKeys;
import com.salesrank.api.run.PublishedRun;
import com.salesrank.api.run.PublishedRunTracker;
import com.salesrank.contract.Ranking;
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

    /** Pages loaded ahead at once when a new run is published (each lane loads one after another). */
    static final int REFRESH_AHEAD_LANES = 2;

    private final RankingRepository repository;
    private final RankingCache cache;
    private final PublishedRunTracker tracker;
    private final JsonMapper json;
    private final int refreshAheadKeys;
    private final HeadChangeRetries headChanged;

    RankingService(RankingRepository repository, RankingCache cache, PublishedRunTracker tracker, JsonMapper json,
            CacheProperties properties, HeadChangeRetries headChanged) {
        this.repository = repository;
        this.headChanged = headChanged;
        this.cache = cache;
        this.tracker = tracker;
        this.json = json;
        this.refreshAheadKeys = properties.refreshAhead().keys();
        tracker.loadAheadWith(this::loadAhead);
    }

    /**
     * Ranks offset+1..offset+limit of the category, best first: done at once on a cache hit. For a client
     * that sent {@code ifNoneMatch}: while a new run's hottest pages load ahead, the previous run's cached
     * pages answer, unless the client already holds an ETag of the new run (see
     * {@link PublishedRunTracker#servingFor}).
     */
    public CompletableFuture<CachedPage> popularAsync(int categoryId, int offset, int limit, String ifNoneMatch) {
        String query = popularQuery(categoryId, offset, limit);
        return serve(popularRun(offset, limit, tracker.servingFor(ifNoneMatch)),
                popularRun(offset, limit, tracker.loadingRun()), query,
                () -> loadPopular(categoryId, offset, limit).thenApply(page -> keyed(page, query)));
    }

    private static String popularQuery(int categoryId, int offset, int limit) {
        return "cat:" + categoryId + ":" + offset + ":" + limit;
    }

    /** The product's rank in each category it sold in during the live window(s): done at once on a cache hit. */
    public CompletableFuture<CachedPage> productRanksAsync(long productId, String ifNoneMatch) {
        String query = "product:" + productId;
        String runs = productRuns(tracker.servingFor(ifNoneMatch));
        if (runs == null) {
            return cache.load(PageKeys.beforeAnyRun(cache.keyPrefix(), query),
                    () -> loadProductRanks(productId).thenApply(ranks -> keyed(ranks, query)));
        }
        String loading = productRuns(tracker.loadingRun());
        return cache.get(key(runs, query), key(loading == null ? runs : loading, query),
                () -> loadProductRanks(productId).thenApply(ranks -> keyed(ranks, query)));
    }

    /**
     * The products ranked just above and below the product in the category, from the ranking that answers
     * the product's rank there: cached under the same runs as the product's ranks.
     */
    public CompletableFuture<CachedPage> neighborsAsync(long productId, int categoryId, int above, int below,
            String ifNoneMatch) {
        String query = "neighbors:" + productId + ":" + categoryId + ":" + above + ":" + below;
        Supplier<CompletableFuture<RankingCache.Keyed>> loader = () -> loadNeighbors(productId, categoryId, above, below, query);
        String runs = productRuns(tracker.servingFor(ifNoneMatch));
        if (runs == null) {
            return cache.load(PageKeys.beforeAnyRun(cache.keyPrefix(), query), loader);
        }
        String loading = productRuns(tracker.loadingRun());
        return cache.get(key(runs, query), key(loading == null ? runs : loading, query), loader);
    }

    /**
     * Refresh-ahead: loads the pages of {@code next} for the queries that were hottest on
     * {@code previous} (by recent near-cache hits), a few at a time through the database-load bulkhead,
     * while the previous run's pages still answer. Stops early, without error, when the bulkhead
     * is full: requests come first.
     *
     * @return done when every page is loaded (or given up on)
     */
    CompletableFuture<Void> loadAhead(long previous, PublishedRun next) {
        String prefix = PageKeys.key(cache.keyPrefix(), previous, "cat:");
        Queue<String> queries = new ConcurrentLinkedQueue<>();
        for (String key : cache.hottestKeys(refreshAheadKeys)) {
            if (key.startsWith(prefix)) {
                queries.add(key.substring(prefix.length()));
            }
        }
        CompletableFuture<?>[] lanes = new CompletableFuture<?>[REFRESH_AHEAD_LANES];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = loadAheadNext(queries, next);
        }
        return CompletableFuture.allOf(lanes);
    }

    // one lane: the next query once the last one's page is there
    private CompletableFuture<Void> loadAheadNext(Queue<String> queries, PublishedRun next) {
        String query;
        while ((query = queries.poll()) != null) {
            String[] parts = query.split(":");
            int categoryId = Integer.parseInt(parts[0]);
            int offset = Integer.parseInt(parts[1]);
            int limit = Integer.parseInt(parts[2]);
            long runId = popularRun(offset, limit, next);
            if (runId != next.runId()) {
                continue; // the head answers this page, not the new full run
            }
            String page = "cat:" + query;
            CompletableFuture<CachedPage> loading;
            try {
                loading = cache.get(key(Long.toString(runId), page),
                        () -> loadPopular(categoryId, offset, limit).thenApply(loaded -> keyed(loaded, page)));
            } catch (DatabaseLoadsBusyException busy) {
                return CompletableFuture.completedFuture(null);
            }
            if (!loading.isDone()) {
                return loading.handle((loaded, failure) -> null).thenCompose(done -> loadAheadNext(queries, next));
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * The run expected to answer the page when {@code full} is the live full run: the head's when
     * it covers the page and is newer, else the full one's.
     */
    private long popularRun(int offset, int limit, PublishedRun full) {
        HeadRun head = tracker.currentHead();
        if (head != null && head.covers(offset, limit) && head.newerThan(full)) {
            return head.run().runId();
        }
        return full != null ? full.runId() : tracker.currentRunId();
    }

    /** The run(s) expected to answer a product's ranks: "head+full" while the head is newer, else "full". */
    private String productRuns(PublishedRun fullRun) {
        long full = fullRun != null ? fullRun.runId() : tracker.currentRunId();
        HeadRun head = tracker.currentHead();
        if (head != null && head.newerThan(fullRun)) {
            return PageKeys.runs(head.run().runId(), full);
        }
        return full < 0 ? null : Long.toString(full);
    }

    /**
     * K is read with its head run; a page the newer-ranking statement took from another head run
     * (a head was swapped in since) is only accepted once K has been read for that run, so the
     * page is still wholly within the head that answered it.
     */
    private CompletableFuture<PopularProducts> loadPopular(int categoryId, int offset, int limit) {
        HeadRun head = tracker.currentHead();
        if (head == null || !head.covers(offset, limit)) {
            return repository.popular(categoryId, offset, limit);
        }
        return repository.popularFromNewer(categoryId, offset, limit).thenCompose(page ->
                page.ranking() == Ranking.FULL || page.runId() == head.run().runId()
                        ? CompletableFuture.completedFuture(page)
                        : headChanged.supply(() -> loadPopularAfterHeadChange(categoryId, offset, limit)));
    }

    /** The rest of {@link #loadPopular} once a head run other than the one K was read for answered. */
    private PopularProducts loadPopularAfterHeadChange(int categoryId, int offset, int limit) {
        for (int attempt = 2; ; attempt++) {
            tracker.refreshHead();
            HeadRun head = tracker.currentHead();
            if (head == null || !head.covers(offset, limit)) {
                return ReplicaRouter.await(repository.popular(categoryId, offset, limit));
            }
            PopularProducts page = ReplicaRouter.await(repository.popularFromNewer(categoryId, offset, limit));
            if (page.ranking() == Ranking.FULL || page.runId() == head.run().runId()) {
                return page;
            }
            if (attempt == HEAD_ATTEMPTS) {
                // the replicas disagree on the head: the full ranking answers every page consistently
                return ReplicaRouter.await(repository.popular(categoryId, offset, limit));
            }
        }
    }

    private CompletableFuture<ProductRanks> loadProductRanks(long productId) {
        HeadRun head = tracker.currentHead();
        if (head == null) {
            return repository.productRanks(productId);
        }
        return repository.productRanksInBoth(productId).thenCompose(rows -> {
            if (!rows.headAnswers() || rows.head().runId() == head.run().runId()) {
                return CompletableFuture.completedFuture(ranks(rows, head));
            }
            return headChanged.supply(() -> loadProductRanksAfterHeadChange(productId));
        });
    }

    private static ProductRanks ranks(ProductRankRows rows, HeadRun head) {
        ProductRanks ranks = rows.answer(head.k());
        if (ranks == null) {
            throw new NoRankingPublishedException();
        }
        return ranks;
    }

    /** The rest of {@link #loadProductRanks} once a head run other than the one K was read for answered. */
    private ProductRanks loadProductRanksAfterHeadChange(long productId) {
        for (int attempt = 2; ; attempt++) {
            tracker.refreshHead();
            HeadRun head = tracker.currentHead();
            if (head == null) {
                return ReplicaRouter.await(repository.productRanks(productId));
            }
            ProductRankRows rows = ReplicaRouter.await(repository.productRanksInBoth(productId));
            if (!rows.headAnswers() || rows.head().runId() == head.run().runId()) {
                return ranks(rows, head);
            }
            if (attempt == HEAD_ATTEMPTS) {
                return ReplicaRouter.await(repository.productRanks(productId));
            }
        }
    }

    /** As {@link #loadProductRanks}: the head's rows count only once K has been read for the head that answered. */
    private CompletableFuture<RankingCache.Keyed> loadNeighbors(long productId, int categoryId, int above, int below,
            String query) {
        HeadRun head = tracker.currentHead();
        return repository.neighbors(productId, categoryId, above, below).thenCompose(rows -> {
            RankingCache.Keyed answer = neighbors(rows, head, above, below, query, false);
            return answer != null ? CompletableFuture.completedFuture(answer)
                    : headChanged.supply(() -> loadNeighborsAfterHeadChange(productId, categoryId, above, below, query));
        });
    }

    /** The rest of {@link #loadNeighbors} once a head run other than the one K was read for answered. */
    private RankingCache.Keyed loadNeighborsAfterHeadChange(long productId, int categoryId, int above, int below,
            String query) {
        for (int attempt = 2; ; attempt++) {
            tracker.refreshHead();
            HeadRun head = tracker.currentHead();
            NeighborRows rows = ReplicaRouter.await(repository.neighbors(productId, categoryId, above, below));
            RankingCache.Keyed answer = neighbors(rows, head, above, below, query, attempt == HEAD_ATTEMPTS);
            if (answer != null) {
                return answer;
            }
        }
    }

    /** The answer from these rows, or null when a head run other than {@code head} answered (unless {@code last}). */
    private RankingCache.Keyed neighbors(NeighborRows rows, HeadRun head, int above, int below, String query,
            boolean last) {
        PublishedRun full = rows.full() == null ? null : rows.full().run();
        if (!rows.headAnswers()) {
            return keyed(rows.fullOnly(above, below), full, null, query);
        }
        if (head != null && rows.head().run().runId() == head.run().runId()) {
            return keyed(rows.answer(head.k(), above, below), full, rows.head().run(), query);
        }
        return last ? keyed(rows.fullOnly(above, below), full, null, query) : null;
    }

    private CompletableFuture<CachedPage> serve(long servingRun, long loadingRun, String query,
            Supplier<CompletableFuture<RankingCache.Keyed>> loader) {
        if (servingRun < 0) {
            return cache.load(PageKeys.beforeAnyRun(cache.keyPrefix(), query), loader);
        }
        return cache.get(key(Long.toString(servingRun), query), key(Long.toString(loadingRun), query), loader);
    }

    private RankingCache.Keyed keyed(PopularProducts page, String query) {
        long published = page.publishedAt().toEpochMilli();
        boolean head = page.ranking() == Ranking.HEAD;
        if (!head) {
            tracker.newerRunSeen(page.runId());
        }
        String runs = Long.toString(page.runId());
        return keyed(new CachedPage(page.runId(), head ? -1 : published, PageKeys.etag(runs, query),
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
        String runs = headRun < 0 ? Long.toString(fullRun) : PageKeys.runs(headRun, fullRun);
        return keyed(new CachedPage(ranks.runId(), fullPublished, PageKeys.etag(runs, query), json.writeValueAsBytes(ranks),
                headPublished), runs, query);
    }

    /**
     * Stored under the runs read, named as {@link #productRuns} names them: "head+full" while the head is
     * newer (even when the full ranking answered, for a rank deeper than K), else the full run.
     */
    private RankingCache.Keyed keyed(ProductNeighbors answer, PublishedRun full, PublishedRun newerHead, String query) {
        if (full != null) {
            tracker.newerRunSeen(full.runId());
        }
        String runs = newerHead == null ? Long.toString(full.runId())
                : PageKeys.runs(newerHead.runId(), full == null ? -1 : full.runId());
        long fullPublished = full == null ? -1 : full.publishedAt().toEpochMilli();
        long headPublished = newerHead == null ? -1 : newerHead.publishedAt().toEpochMilli();
        return keyed(new CachedPage(answer.runId(), fullPublished, PageKeys.etag(runs, query),
                json.writeValueAsBytes(answer), headPublished), runs, query);
    }

    private RankingCache.Keyed keyed(CachedPage page, String runs, String query) {
        return new RankingCache.Keyed(key(runs, query), page);
    }

    private String key(String runs, String query) {
        return PageKeys.key(cache.keyPrefix(), runs, query);
    }
}
