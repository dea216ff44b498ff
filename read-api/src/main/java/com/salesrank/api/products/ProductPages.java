package com.salesrank.api.products;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import com.salesrank.api.cache.CachedPage;
import com.salesrank.api.cache.RankingCache;
import com.salesrank.api.history.RankHistoryService;
import com.salesrank.api.ranking.RankingService;
import com.salesrank.api.run.PageKeys;
import org.springframework.stereotype.Service;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A product's page, made of the API's own answers as they are cached (its ranks, its neighbours and
 * its rank history per category), so it shows what the API serves at that moment. The page is keyed
 * and tagged by the runs its ranks were read from (the ranks' entity tag names them: {@link PageKeys}),
 * as the neighbours and history it is made of are; it is rendered once per runs and cached like them.
 */
@Service
class ProductPages {

    /** The chart's span: the history's retention (docs/publishing.md). */
    static final int HISTORY_HOURS = 30 * 24;
    /** Products listed above and below the product in each category. */
    static final int AROUND = 2;
    /** Categories shown at most, best placing first (a product sells in a few). */
    static final int MAX_CATEGORIES = 10;

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private final RankingService rankings;
    private final RankHistoryService history;
    private final RankingCache cache;
    private final ITemplateEngine templates;
    private final JsonMapper json = JsonMapper.builder().build();

    ProductPages(RankingService rankings, RankHistoryService history, RankingCache cache, ITemplateEngine templates) {
        this.rankings = rankings;
        this.history = history;
        this.cache = cache;
        this.templates = templates;
    }

    /**
     * @return the page; completes with {@link UnrankedProductException} when the live ranking does not rank it
     */
    CompletableFuture<CachedPage> page(long productId) {
        return rankings.productRanksAsync(productId, null).thenCompose(ranks -> {
            String runs = PageKeys.runsOf(ranks.etag());
            String query = "page:product:" + productId;
            if (runs == null) {
                return render(productId, ranks, query, null).thenApply(RankingCache.Keyed::page);
            }
            return cache.compose(PageKeys.key(cache.keyPrefix(), runs, query),
                    () -> render(productId, ranks, query, runs));
        });
    }

    private CompletableFuture<RankingCache.Keyed> render(long productId, CachedPage ranksPage, String query, String runs) {
        JsonNode ranks = json.readTree(ranksPage.json());
        List<JsonNode> placed = new ArrayList<>();
        ranks.get("ranks").forEach(placed::add);
        if (placed.isEmpty()) {
            return CompletableFuture.failedFuture(new UnrankedProductException(productId));
        }
        List<JsonNode> shown = placed.subList(0, Math.min(MAX_CATEGORIES, placed.size()));
        List<CompletableFuture<CachedPage>> around = new ArrayList<>();
        List<CompletableFuture<CachedPage>> points = new ArrayList<>();
        for (JsonNode rank : shown) {
            int category = rank.get("category_id").asInt();
            around.add(rankings.neighborsAsync(productId, category, AROUND, AROUND, null));
            points.add(history.history(productId, category, HISTORY_HOURS, null));
        }
        List<CompletableFuture<CachedPage>> all = new ArrayList<>(around);
        all.addAll(points);
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<ProductPage.Placing> placings = new ArrayList<>();
            String title = null;
            for (int i = 0; i < shown.size(); i++) {
                JsonNode neighbors = json.readTree(around.get(i).join().json());
                title = title != null ? title : text(neighbors.get("title"));
                placings.add(placing(productId, shown.get(i), neighbors, json.readTree(points.get(i).join().json())));
            }
            String name = title != null ? title : "Product " + productId;
            Instant windowEnd = Instant.parse(ranks.get("window_end").asString());
            Instant publishedAt = Instant.parse(ranks.get("published_at").asString());
            ProductPage view = new ProductPage(productId, name, windowEnd, SHOWN.format(windowEnd), publishedAt,
                    SHOWN.format(publishedAt), List.copyOf(placings));
            Context context = new Context(Locale.ROOT);
            context.setVariable("view", view);
            byte[] html = templates.process("product", context).getBytes(StandardCharsets.UTF_8);
            String pageRuns = runs != null ? runs : Long.toString(ranksPage.runId());
            return new RankingCache.Keyed(PageKeys.key(cache.keyPrefix(), pageRuns, query),
                    new CachedPage(ranksPage.runId(), ranksPage.publishedAtMillis(), PageKeys.etag(pageRuns, query),
                            html, ranksPage.headPublishedAtMillis()));
        });
    }

    private ProductPage.Placing placing(long productId, JsonNode rank, JsonNode neighbors, JsonNode points) {
        int category = rank.get("category_id").asInt();
        String categoryName = text(rank.get("category_name"));
        List<ProductPage.Neighbor> around = new ArrayList<>();
        neighbors.get("above").forEach(n -> around.add(neighbor(n)));
        around.add(new ProductPage.Neighbor(neighbors.get("rank").asInt(), productId, text(neighbors.get("title")),
                neighbors.get("total_sold").asLong()));
        neighbors.get("below").forEach(n -> around.add(neighbor(n)));
        List<long[]> chart = new ArrayList<>();
        TreeMap<String, Integer> daily = new TreeMap<>();
        for (JsonNode point : points.get("points")) {
            Instant end = Instant.parse(point.get("window_end").asString());
            int at = point.get("rank").asInt();
            chart.add(new long[] {end.getEpochSecond(), at});
            daily.put(DAY.format(end), at); // points come oldest first: the day's last one stays
        }
        List<ProductPage.Day> days = new ArrayList<>();
        daily.descendingMap().forEach((day, at) -> days.add(new ProductPage.Day(day, at)));
        return new ProductPage.Placing(category, categoryName != null ? categoryName : "Category " + category,
                rank.get("rank").asInt(), rank.get("ranked_in_category").asInt(), rank.get("percentile").asDouble(),
                rank.get("total_sold").asLong(), List.copyOf(around), json.writeValueAsString(chart), List.copyOf(days));
    }

    private static ProductPage.Neighbor neighbor(JsonNode n) {
        return new ProductPage.Neighbor(n.get("rank").asInt(), n.get("product_id").asLong(), text(n.get("title")),
                n.get("total_sold").asLong());
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }
}
