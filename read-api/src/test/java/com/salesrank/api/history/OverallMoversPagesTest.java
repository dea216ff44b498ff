package com.salesrank.api.history;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import com.salesrank.api.cache.CachedPage;
import com.salesrank.api.cache.RankingCache;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import static java.util.concurrent.CompletableFuture.completedFuture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/** The /movers page made from the cached overall movers: what it shows, and the key and ETag it is cached under. */
class OverallMoversPagesTest {

    static final String MOVERS = """
            {"window_end":"2026-11-27T21:00:00Z","compared_with":"2026-11-26T21:00:00Z","items":[
             {"category_id":9,"category_name":null,"product_id":5,"title":null,"rank":1,"previous_rank":null,"change":100},
             {"category_id":7,"category_name":"Kitchen & Dining","product_id":3,"title":"Kettle","rank":4,
              "previous_rank":60,"change":56}]}""";
    static final String NOTHING_TO_COMPARE = """
            {"window_end":"2026-11-27T21:00:00Z","compared_with":null,"items":[]}""";

    RankHistoryService history = mock(RankHistoryService.class);
    RankingCache cache = mock(RankingCache.class);
    OverallMoversPages pages;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void renderWithTheRealTemplates() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        SpringTemplateEngine templates = new SpringTemplateEngine();
        templates.setTemplateResolver(resolver);
        given(cache.keyPrefix()).willReturn("salesrank:v1");
        given(cache.compose(anyString(), any())).willAnswer(call ->
                ((Supplier<CompletableFuture<RankingCache.Keyed>>) call.getArgument(1)).get()
                        .thenApply(RankingCache.Keyed::page));
        pages = new OverallMoversPages(history, cache, templates);
    }

    void moversAre(String json) {
        given(history.overallMovers(eq(OverallMoversPages.SHOWN), isNull())).willReturn(completedFuture(
                new CachedPage(42, 1_000, "\"42:movers:all:50\"", json.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void listsTheMoversInTheirOrderWithProductAndCategoryLinksAndIsCachedUnderTheRun() {
        moversAre(MOVERS);

        CachedPage page = pages.page().join();

        String html = new String(page.json(), StandardCharsets.UTF_8);
        assertThat(page.etag()).isEqualTo("\"42:page:movers\"");
        assertThat(page.runId()).isEqualTo(42);
        verify(cache).compose(eq("salesrank:v1:run:42:page:movers"), any());
        assertThat(html).contains("<a href=\"/movers\">Movers &amp; Shakers</a>")
                .contains("The 2 biggest gainers in the last 24 hours")
                .contains("<time datetime=\"2026-11-26T21:00:00Z\">2026-11-26 21:00 UTC</time>");
        // the order given (the SQL's), names where the catalog has them, ids where it lacks them
        assertThat(html).containsSubsequence(
                "<a class=\"product-link\" href=\"/products/5\">Product 5</a>",
                "<a class=\"category-link\" href=\"/movers/9\">Category 9</a>",
                "not in the top 100", "▲ 100",
                "<a class=\"product-link\" href=\"/products/3\">Kettle</a>",
                "<a class=\"category-link\" href=\"/movers/7\">Kitchen &amp; Dining</a>",
                ">60<", "▲ 56");
    }

    @Test
    void saysSoWhenThereIsNothing24HoursOlderToCompareWith() {
        moversAre(NOTHING_TO_COMPARE);

        String html = new String(pages.page().join().json(), StandardCharsets.UTF_8);

        assertThat(html).contains("No ranking 24 hours older to compare with yet.").doesNotContain("<table")
                .doesNotContain("No product climbed");
    }
}
