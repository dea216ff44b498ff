package com.salesrank.api.bestsellers;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import com.salesrank.api.cache.CachedPage;
import com.salesrank.api.cache.RankingCache;
import com.salesrank.api.history.MoverSelection;
import com.salesrank.api.ranking.RankingService;
import com.salesrank.api.run.PageKeys;
import com.salesrank.api.run.PublishedRun;
import com.salesrank.api.run.PublishedRunTracker;
import org.springframework.stereotype.Service;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The best sellers page: a page of /api/v1/popular as that endpoint serves it at that moment (taken
 * from the same cache, so the head where it is fresher for those ranks), with each row's 24 h change
 * and sparkline added from the full rankings' history. Rendered once per runs and page and cached like
 * /popular: the key and the ETag carry the popular page's run and the live full run ("61+59" while the
 * head answers, as {@link PageKeys} names runs), the near cache and Redis hold the rendered HTML, and a
 * hit costs no database read and no template work.
 */
@Service
class BestSellersPages {

    static final int PAGE_SIZE = 20;
    static final int MAX_PAGE = MoverSelection.TOP / PAGE_SIZE;

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final BestSellersRepository repository;
    private final RankingService rankings;
    private final RankingCache cache;
    private final PublishedRunTracker tracker;
    private final ITemplateEngine templates;
    private final JsonMapper json = JsonMapper.builder().build();

    BestSellersPages(BestSellersRepository repository, RankingService rankings, RankingCache cache,
            PublishedRunTracker tracker, ITemplateEngine templates) {
        this.repository = repository;
        this.rankings = rankings;
        this.cache = cache;
        this.tracker = tracker;
        this.templates = templates;
    }

    /**
     * @throws NoRankingPublishedException  when nothing has been published
     * @throws NoBestSellersException       when the category has no products on that page
     */
    CompletableFuture<CachedPage> page(int categoryId, int page) {
        String query = "page:best-sellers:" + categoryId + ":" + page;
        return rankings.popularAsync(categoryId, (page - 1) * PAGE_SIZE, PAGE_SIZE, null).thenCompose(popular -> {
            // a hit reads nothing of the popular page but its run and ranking (a head page names its head publish)
            boolean head = popular.headPublishedAtMillis() >= 0;
            return cache.get(PageKeys.key(cache.keyPrefix(), runs(popular.runId(), head, tracker.currentRunId()), query),
                    () -> render(categoryId, page, query, served(popular)));
        });
    }

    /** The popular page's run, and the live full run's when the head answered it. */
    private static String runs(long servedRun, boolean head, long fullRun) {
        return head && fullRun >= 0 ? PageKeys.runs(servedRun, fullRun) : Long.toString(servedRun);
    }

    private record Served(String categoryName, PublishedRun run, boolean head,
            List<BestSellersRepository.LiveRow> rows) {
    }

    private Served served(CachedPage popular) {
        JsonNode body = json.readTree(popular.json());
        List<BestSellersRepository.LiveRow> rows = new ArrayList<>();
        for (JsonNode item : body.get("items")) {
            JsonNode title = item.get("title");
            rows.add(new BestSellersRepository.LiveRow(item.get("rank").asInt(), item.get("product_id").asLong(),
                    item.get("total_sold").asLong(), title == null || title.isNull() ? null : title.asString()));
        }
        JsonNode name = body.get("category_name");
        PublishedRun run = new PublishedRun(body.get("run_id").asLong(),
                Instant.parse(body.get("window_start").asString()), Instant.parse(body.get("window_end").asString()),
                Instant.parse(body.get("published_at").asString()));
        return new Served(name == null || name.isNull() ? null : name.asString(), run,
                "head".equals(body.get("ranking").asString()), List.copyOf(rows));
    }

    // stored under the full run the database answered with, which may differ from the tracker's
    private CompletableFuture<RankingCache.Keyed> render(int categoryId, int page, String query, Served served) {
        if (served.rows().isEmpty()) {
            return CompletableFuture.failedFuture(
                    new NoBestSellersException(categoryId, page, page == 1 ? 0 : -1, served.run()));
        }
        return repository.read(categoryId, served.categoryName(), page, PAGE_SIZE, served.run(), served.rows())
                .thenApply(view -> render(query, served, view));
    }

    private RankingCache.Keyed render(String query, Served served, BestSellers view) {
        tracker.newerRunSeen(view.run().runId());
        byte[] html = templates.process("best-sellers", context(view)).getBytes(StandardCharsets.UTF_8);
        String runs = runs(served.run().runId(), served.head(), view.run().runId());
        long published = view.run().publishedAt().toEpochMilli();
        return new RankingCache.Keyed(PageKeys.key(cache.keyPrefix(), runs, query), new CachedPage(view.run().runId(),
                published, PageKeys.etag(runs, query), html,
                served.head() ? served.run().publishedAt().toEpochMilli() : -1));
    }

    private Context context(BestSellers view) {
        Context context = new Context(Locale.ROOT);
        context.setVariable("view", view);
        context.setVariable("title", view.categoryName() != null ? view.categoryName() : "Category " + view.categoryId());
        context.setVariable("windowStart", SHOWN.format(view.served().windowStart()));
        context.setVariable("windowEnd", SHOWN.format(view.served().windowEnd()));
        context.setVariable("publishedAt", SHOWN.format(view.served().publishedAt()));
        context.setVariable("comparedWith", view.comparedWith() == null ? null : SHOWN.format(view.comparedWith()));
        // the sparklines' data: x in epoch seconds (uPlot's unit), one rank series per row
        List<Long> x = new ArrayList<>();
        view.windows().forEach(w -> x.add(w.getEpochSecond()));
        context.setVariable("windowsJson", json.writeValueAsString(x));
        List<String> series = new ArrayList<>();
        for (BestSellers.Row row : view.rows()) {
            series.add(json.writeValueAsString(row.ranks()));
        }
        context.setVariable("ranksJson", series);
        return context;
    }
}
