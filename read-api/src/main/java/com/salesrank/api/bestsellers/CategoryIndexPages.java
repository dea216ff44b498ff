package com.salesrank.api.bestsellers;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import com.salesrank.api.cache.CachedPage;
import com.salesrank.api.cache.RankingCache;
import com.salesrank.api.run.HeadRun;
import com.salesrank.api.run.PageKeys;
import com.salesrank.api.run.PublishedRun;
import com.salesrank.api.run.PublishedRunTracker;
import org.springframework.stereotype.Service;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import tools.jackson.databind.json.JsonMapper;

/**
 * The index of best sellers (/ and /best-sellers): every category by name with its #1. The leaders are
 * read once per run and cached (as JSON, like the API's answers); the page without a filter is rendered
 * from them once per run and cached too; a filtered page (?q=, the filter box without script) is rendered
 * from the cached leaders on each request, with no database read.
 */
@Service
class CategoryIndexPages {

    static final int MAX_FILTER = 100;
    private static final String LEADERS = "categories:leaders";
    private static final String PAGE = "page:categories";
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final Comparator<CategoryLeaders.Leader> BY_NAME =
            Comparator.comparing((CategoryLeaders.Leader l) -> l.shownName().toLowerCase(Locale.ROOT))
                    .thenComparingInt(CategoryLeaders.Leader::categoryId);

    private final CategoryLeadersRepository repository;
    private final RankingCache cache;
    private final PublishedRunTracker tracker;
    private final ITemplateEngine templates;
    private final JsonMapper json = JsonMapper.builder().build();

    CategoryIndexPages(CategoryLeadersRepository repository, RankingCache cache, PublishedRunTracker tracker,
            ITemplateEngine templates) {
        this.repository = repository;
        this.cache = cache;
        this.tracker = tracker;
        this.templates = templates;
    }

    /** @param filter null or blank for every category, else the words a category's name must contain */
    CompletableFuture<CachedPage> page(String filter) {
        String q = filter == null ? "" : filter.strip();
        return leaders().thenCompose(cached -> {
            String runs = PageKeys.runsOf(cached.etag());
            if (q.isEmpty()) {
                return cache.compose(PageKeys.key(cache.keyPrefix(), runs, PAGE),
                        () -> CompletableFuture.completedFuture(new RankingCache.Keyed(
                                PageKeys.key(cache.keyPrefix(), runs, PAGE), render(cached, runs, PAGE, ""))));
            }
            // a filtered page is not stored: a filter is any text, and rendering 1,000 rows costs no read
            String query = PAGE + ":q" + Integer.toHexString(q.hashCode()) + ":" + q.length();
            return CompletableFuture.completedFuture(render(cached, runs, query, q));
        });
    }

    private CompletableFuture<CachedPage> leaders() {
        long runId = expectedRun();
        if (runId < 0) {
            return cache.load(PageKeys.beforeAnyRun(cache.keyPrefix(), LEADERS), this::load);
        }
        return cache.get(PageKeys.key(cache.keyPrefix(), runId, LEADERS), this::load);
    }

    /** The run expected to answer rank 1: the head's while it is newer, as for /popular. */
    private long expectedRun() {
        HeadRun head = tracker.currentHead();
        PublishedRun full = tracker.servingFor(null);
        if (head != null && head.k() >= 1 && head.newerThan(full)) {
            return head.run().runId();
        }
        return full != null ? full.runId() : tracker.currentRunId();
    }

    private CompletableFuture<RankingCache.Keyed> load() {
        return repository.leaders().thenApply(this::keyed);
    }

    private RankingCache.Keyed keyed(CategoryLeaders leaders) {
        if (!leaders.head()) {
            tracker.newerRunSeen(leaders.run().runId());
        }
        long run = leaders.run().runId();
        long published = leaders.run().publishedAt().toEpochMilli();
        return new RankingCache.Keyed(PageKeys.key(cache.keyPrefix(), run, LEADERS), new CachedPage(run,
                leaders.head() ? -1 : published, PageKeys.etag(run, LEADERS), json.writeValueAsBytes(leaders),
                leaders.head() ? published : -1));
    }

    private CachedPage render(CachedPage cached, String runs, String query, String filter) {
        CategoryLeaders leaders = json.readValue(cached.json(), CategoryLeaders.class);
        String needle = filter.toLowerCase(Locale.ROOT);
        List<CategoryLeaders.Leader> shown = leaders.leaders().stream()
                .filter(l -> needle.isEmpty() || l.shownName().toLowerCase(Locale.ROOT).contains(needle))
                .sorted(BY_NAME).toList();
        Context context = new Context(Locale.ROOT);
        context.setVariable("leaders", shown);
        context.setVariable("total", leaders.leaders().size());
        context.setVariable("filter", filter);
        context.setVariable("run", leaders.run());
        context.setVariable("windowEnd", SHOWN.format(leaders.run().windowEnd()));
        context.setVariable("publishedAt", SHOWN.format(leaders.run().publishedAt()));
        byte[] html = templates.process("categories", context).getBytes(StandardCharsets.UTF_8);
        return new CachedPage(cached.runId(), cached.publishedAtMillis(), PageKeys.etag(runs, query), html,
                cached.headPublishedAtMillis());
    }
}
