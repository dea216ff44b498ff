package com.salesrank.api.bestsellers;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;

import com.salesrank.api.cache.CachedPage;
import com.salesrank.api.replica.DatabaseUnavailableException;
import com.salesrank.api.run.NoRankingPublishedException;
import com.salesrank.api.run.PublishedRun;
import com.salesrank.api.run.PublishedRunTracker;
import com.salesrank.api.web.CachedPageResponses;
import com.salesrank.api.web.ErrorPages;
import com.salesrank.api.web.HttpCachingProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The HTTP contract of the best sellers page: the cached HTML with the API's caching headers, and HTML error pages. */
@WebMvcTest(BestSellersController.class)
@Import(BestSellersControllerTest.FixedClock.class)
class BestSellersControllerTest {

    static final Instant PUBLISHED = Instant.parse("2026-11-27T21:00:00Z");
    static final Instant NOW = Instant.parse("2026-11-27T21:20:00Z");
    static final String HTML = "<!DOCTYPE html><title>Best sellers</title>";
    static final CachedPage PAGE = new CachedPage(42, PUBLISHED.toEpochMilli(), "\"42:page:best-sellers:7:1\"",
            HTML.getBytes(StandardCharsets.UTF_8));

    @TestConfiguration
    @EnableConfigurationProperties(HttpCachingProperties.class)
    @Import({CachedPageResponses.class, ErrorPages.class})
    static class FixedClock {
        @Bean
        Clock clock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    BestSellersPages pages;

    @MockitoBean
    PublishedRunTracker tracker;

    @Test
    void servesTheCachedHtmlWithEtagAndCacheControlUntilTheNextPublish() throws Exception {
        given(pages.page(7, 1)).willReturn(CompletableFuture.completedFuture(PAGE));

        mvc.perform(get("/best-sellers/7"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "text/html;charset=UTF-8"))
                .andExpect(content().string(HTML))
                .andExpect(header().string("ETag", "\"42:page:best-sellers:7:1\""))
                .andExpect(header().string("Cache-Control", "max-age=2400, public"));
    }

    @Test
    void answers304ForTheCurrentEtagAndPassesThePage() throws Exception {
        given(pages.page(7, 3)).willReturn(CompletableFuture.completedFuture(PAGE));

        mvc.perform(get("/best-sellers/7?page=3").header("If-None-Match", "\"42:page:best-sellers:7:1\""))
                .andExpect(status().isNotModified());
        verify(pages).page(7, 3);
    }

    @Test
    void aCategoryThatIsNoNumberIsAnHtmlNotFoundPage() throws Exception {
        mvc.perform(get("/best-sellers/shoes"))
                .andExpect(status().isNotFound())
                .andExpect(header().string("Content-Type", "text/html;charset=UTF-8"))
                .andExpect(content().string(containsString("<title>No such category (404)</title>")))
                .andExpect(content().string(not(containsString("Exception"))));
        verifyNoInteractions(pages);
    }

    @Test
    void aBadPageNumberIsAnHtmlBadRequestPage() throws Exception {
        for (String page : new String[] {"0", "6", "x", "1.5"}) {
            mvc.perform(get("/best-sellers/7?page=" + page))
                    .andExpect(status().isBadRequest())
                    .andExpect(header().string("Content-Type", "text/html;charset=UTF-8"))
                    .andExpect(content().string(containsString("<h1>Bad page number</h1>")));
        }
        verifyNoInteractions(pages);
    }

    @Test
    void anEmptyOrUnknownCategoryIsAnHtmlNotFoundPage() throws Exception {
        PublishedRun run = new PublishedRun(42, PUBLISHED.minusSeconds(604_800), PUBLISHED, PUBLISHED);
        given(pages.page(anyInt(), anyInt())).willThrow(new NoBestSellersException(9, 1, 0, run));

        mvc.perform(get("/best-sellers/9"))
                .andExpect(status().isNotFound())
                .andExpect(header().string("Content-Type", "text/html;charset=UTF-8"))
                .andExpect(header().string("Cache-Control", "no-cache"))
                .andExpect(content().string(containsString("<h1>No best sellers here</h1>")));
    }

    @Test
    void nothingPublishedIsAnHtmlServiceUnavailablePage() throws Exception {
        given(pages.page(7, 1)).willThrow(new NoRankingPublishedException());

        mvc.perform(get("/best-sellers/7"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "60"))
                .andExpect(content().string(startsWith("<!DOCTYPE html>")));
    }

    @Test
    void noDatabaseIsAnHtmlServiceUnavailablePage() throws Exception {
        given(pages.page(7, 1)).willThrow(new DatabaseUnavailableException("no database can answer", null));

        mvc.perform(get("/best-sellers/7"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(content().string(containsString("<h1>Best sellers unavailable</h1>")));
    }
}
