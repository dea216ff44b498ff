package com.salesrank.api.bestsellers;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import com.salesrank.api.cache.CachedPage;
import com.salesrank.api.cache.RankingCache;
import com.salesrank.api.history.MoverSelection;
import com.salesrank.api.run.PageKeys;
import com.salesrank.api.run.PublishedRunTracker;
import org.springframework.stereotype.Service;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import tools.jackson.databind.json.JsonMapper;

/**
 * The best sellers page, rendered once per live run and page and cached like /popular: the key and
 * the ETag carry the run, the near cache and Redis hold the rendered HTML, and a hit costs no
 * database read and no template work.
 */
@Service
class BestSellersPages {

    static final int PAGE_SIZE = 20;
    static final int MAX_PAGE = MoverSelection.TOP / PAGE_SIZE;

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final BestSellersRepository repository;
    private final RankingCache cache;
    private final PublishedRunTracker tracker;
    private final ITemplateEngine templates;
    private final JsonMapper json = JsonMapper.builder().build();

    BestSellersPages(BestSellersRepository repository, RankingCache cache, PublishedRunTracker tracker,
            ITemplateEngine templates) {
        this.repository = repository;
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
        long runId = tracker.currentRunId();
        if (runId < 0) {
            return cache.load(PageKeys.beforeAnyRun(cache.keyPrefix(), query), () -> render(categoryId, page, query));
        }
        return cache.get(key(runId, query), () -> render(categoryId, page, query));
    }

    // stored under the run the database answered with, which may differ from the tracker's
    private RankingCache.Keyed render(int categoryId, int page, String query) {
        BestSellers view = repository.read(categoryId, page, PAGE_SIZE);
        tracker.newerRunSeen(view.run().runId());
        if (view.rows().isEmpty()) {
            throw new NoBestSellersException(categoryId, page, view.ranked(), view.run());
        }
        byte[] html = templates.process("best-sellers", context(view)).getBytes(StandardCharsets.UTF_8);
        long run = view.run().runId();
        return new RankingCache.Keyed(key(run, query), new CachedPage(run,
                view.run().publishedAt().toEpochMilli(), PageKeys.etag(run, query), html));
    }

    private Context context(BestSellers view) {
        Context context = new Context(Locale.ROOT);
        context.setVariable("view", view);
        context.setVariable("title", view.categoryName() != null ? view.categoryName() : "Category " + view.categoryId());
        context.setVariable("windowStart", SHOWN.format(view.run().windowStart()));
        context.setVariable("windowEnd", SHOWN.format(view.run().windowEnd()));
        context.setVariable("publishedAt", SHOWN.format(view.run().publishedAt()));
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

    private String key(long runId, String query) {
        return PageKeys.key(cache.keyPrefix(), runId, query);
    }
}
