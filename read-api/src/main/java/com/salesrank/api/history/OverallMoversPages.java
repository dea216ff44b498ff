package com.salesrank.api.history;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import com.salesrank.api.cache.CachedPage;
import com.salesrank.api.cache.RankingCache;
import com.salesrank.api.run.PageKeys;
import org.springframework.stereotype.Service;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Movers &amp; Shakers page of every category (/movers): the {@link #SHOWN} biggest 24 h gainers of
 * all the categories' live top 100s, read in one statement and cached as JSON under the live run
 * ({@code "59:movers:all:50"}), rendered from it once per run and cached under that run too
 * ({@code "59:page:movers"}).
 */
@Service
class OverallMoversPages {

    /** Movers listed on the page. */
    static final int SHOWN = 50;

    private static final String QUERY = "page:movers";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final RankHistoryService history;
    private final RankingCache cache;
    private final ITemplateEngine templates;
    private final JsonMapper json = JsonMapper.builder().build();

    OverallMoversPages(RankHistoryService history, RankingCache cache, ITemplateEngine templates) {
        this.history = history;
        this.cache = cache;
        this.templates = templates;
    }

    CompletableFuture<CachedPage> page() {
        return history.overallMovers(SHOWN, null).thenCompose(movers -> {
            String runs = PageKeys.runsOf(movers.etag());
            if (runs == null) {
                return CompletableFuture.completedFuture(render(movers, Long.toString(movers.runId())));
            }
            String key = PageKeys.key(cache.keyPrefix(), runs, QUERY);
            return cache.compose(key, () -> CompletableFuture.completedFuture(
                    new RankingCache.Keyed(key, render(movers, runs))));
        });
    }

    private CachedPage render(CachedPage movers, String runs) {
        OverallMovers body = json.readValue(movers.json(), OverallMovers.class);
        Context context = new Context(Locale.ROOT);
        context.setVariable("rows", body.items());
        context.setVariable("windowEnd", body.windowEnd().toString());
        context.setVariable("windowEndShown", TIME.format(body.windowEnd()));
        Instant comparedWith = body.comparedWith();
        context.setVariable("comparedWith", comparedWith == null ? null : comparedWith.toString());
        context.setVariable("comparedWithShown", comparedWith == null ? null : TIME.format(comparedWith));
        byte[] html = templates.process("movers-overall", context).getBytes(StandardCharsets.UTF_8);
        return new CachedPage(movers.runId(), movers.publishedAtMillis(), PageKeys.etag(runs, QUERY), html);
    }
}
