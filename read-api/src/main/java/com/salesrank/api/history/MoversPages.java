package com.salesrank.api.history;

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
import com.salesrank.api.ranking.RankingService;
import com.salesrank.api.run.PageKeys;
import org.springframework.stereotype.Service;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A category's Movers & Shakers page: the /api/v1/movers answer (the biggest 24 h gainers of the live
 * top 100) as it is cached, rendered once per run and cached under that answer's run
 * ({@code "59:page:movers:7"}).
 */
@Service
class MoversPages {

    /** Movers listed on the page. */
    static final int SHOWN = 20;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final RankHistoryService history;
    private final RankingService rankings;
    private final RankingCache cache;
    private final ITemplateEngine templates;
    private final JsonMapper json = JsonMapper.builder().build();

    MoversPages(RankHistoryService history, RankingService rankings, RankingCache cache, ITemplateEngine templates) {
        this.history = history;
        this.rankings = rankings;
        this.cache = cache;
        this.templates = templates;
    }

    /** Completes with {@link NoMoversCategoryException} when the live full ranking does not rank the category. */
    CompletableFuture<CachedPage> page(int categoryId) {
        // whether the category is ranked at all: its #1 as /popular serves it (a cache hit once warm)
        CompletableFuture<Boolean> ranked = rankings.popularAsync(categoryId, 0, 1, null)
                .thenApply(first -> json.readTree(first.json()).get("items").size() > 0);
        return history.movers(categoryId, MoverSelection.TOP, null).thenCombine(ranked, (movers, isRanked) -> {
            if (!isRanked) {
                throw new NoMoversCategoryException(categoryId);
            }
            return movers;
        }).thenCompose(movers -> {
            String runs = PageKeys.runsOf(movers.etag());
            String query = "page:movers:" + categoryId;
            if (runs == null) {
                return CompletableFuture.completedFuture(render(categoryId, movers, Long.toString(movers.runId()), query));
            }
            return cache.compose(PageKeys.key(cache.keyPrefix(), runs, query), () -> CompletableFuture.completedFuture(
                    new RankingCache.Keyed(PageKeys.key(cache.keyPrefix(), runs, query),
                            render(categoryId, movers, runs, query))));
        });
    }

    /** A row of the page. */
    record Row(long productId, String title, int rank, Integer previousRank, int change) {
    }

    private CachedPage render(int categoryId, CachedPage movers, String runs, String query) {
        JsonNode body = json.readTree(movers.json());
        List<Row> rows = new ArrayList<>();
        for (JsonNode item : body.get("items")) {
            if (rows.size() == SHOWN) {
                break;
            }
            JsonNode previous = item.get("previous_rank");
            JsonNode title = item.get("title");
            rows.add(new Row(item.get("product_id").asLong(), title.isNull() ? null : title.asString(),
                    item.get("rank").asInt(), previous.isNull() ? null : previous.asInt(), item.get("change").asInt()));
        }
        JsonNode name = body.get("category_name");
        JsonNode comparedWith = body.get("compared_with");
        Context context = new Context(Locale.ROOT);
        context.setVariable("categoryId", categoryId);
        context.setVariable("name", name.isNull() ? "Category " + categoryId : name.asString());
        context.setVariable("rows", rows);
        context.setVariable("windowEnd", body.get("window_end").asString());
        context.setVariable("windowEndShown", TIME.format(Instant.parse(body.get("window_end").asString())));
        context.setVariable("comparedWith", comparedWith.isNull() ? null : comparedWith.asString());
        context.setVariable("comparedWithShown",
                comparedWith.isNull() ? null : TIME.format(Instant.parse(comparedWith.asString())));
        byte[] html = templates.process("movers", context).getBytes(StandardCharsets.UTF_8);
        return new CachedPage(movers.runId(), movers.publishedAtMillis(), PageKeys.etag(runs, query), html);
    }
}
