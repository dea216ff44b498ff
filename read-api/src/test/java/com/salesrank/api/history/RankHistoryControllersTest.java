package com.salesrank.api.history;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.salesrank.api.cache.CachedPage;
import com.salesrank.api.run.NoRankingPublishedException;
import com.salesrank.api.run.PublishedRunTracker;
import com.salesrank.api.web.CachedPageResponses;
import com.salesrank.api.web.HttpCachingProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static java.util.concurrent.CompletableFuture.completedFuture;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The HTTP contract of the rank history and movers endpoints: parameters, problems, caching headers. */
@WebMvcTest({RankHistoryController.class, MoversController.class})
@Import(RankHistoryControllersTest.FixedClock.class)
class RankHistoryControllersTest {

    static final Instant PUBLISHED = Instant.parse("2026-11-27T21:00:00Z");
    static final Instant NOW = Instant.parse("2026-11-27T21:20:00Z");
    static final String HISTORY_BODY = "{\"product_id\":5,\"category_id\":7,\"points\":[]}";
    static final CachedPage HISTORY = new CachedPage(42, PUBLISHED.toEpochMilli(), "\"42:history:5:7:168\"",
            HISTORY_BODY.getBytes(StandardCharsets.UTF_8));
    static final String MOVERS_BODY = "{\"category_id\":7,\"window_end\":\"2026-11-27T21:00:00Z\",\"compared_with\":null,\"items\":[]}";
    static final CachedPage MOVERS = new CachedPage(42, PUBLISHED.toEpochMilli(), "\"42:movers:7:10\"",
            MOVERS_BODY.getBytes(StandardCharsets.UTF_8));

    @TestConfiguration
    @EnableConfigurationProperties(HttpCachingProperties.class)
    @Import(CachedPageResponses.class)
    static class FixedClock {
        @Bean
        Clock clock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    RankHistoryService history;

    @MockitoBean
    PublishedRunTracker tracker;

    @Test
    void historyServesTheCachedBytesWithEtagAndCacheControl() throws Exception {
        given(history.history(eq(5L), eq(7), eq(168), any())).willReturn(completedFuture(HISTORY));

        mvc.perform(get("/api/v1/products/5/rank/history").param("category_id", "7"))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(content().string(HISTORY_BODY))
                .andExpect(header().string("ETag", "\"42:history:5:7:168\""))
                .andExpect(header().string("Cache-Control", "max-age=2400, public"));
    }

    @Test
    void historyPassesHoursAndAcceptsTheBounds() throws Exception {
        given(history.history(anyLong(), anyInt(), anyInt(), any())).willReturn(completedFuture(HISTORY));

        mvc.perform(get("/api/v1/products/0/rank/history?category_id=0&hours=1")).andExpect(status().isOk());
        mvc.perform(get("/api/v1/products/9223372036854775807/rank/history?category_id=2147483647&hours=8760"))
                .andExpect(status().isOk());
        verify(history).history(eq(0L), eq(0), eq(1), any());
        verify(history).history(eq(Long.MAX_VALUE), eq(Integer.MAX_VALUE), eq(8760), any());
    }

    @Test
    void historyAnswers304ForTheCurrentEtag() throws Exception {
        given(history.history(eq(5L), eq(7), eq(168), any())).willReturn(completedFuture(HISTORY));

        mvc.perform(get("/api/v1/products/5/rank/history?category_id=7").header("If-None-Match", "\"42:history:5:7:168\""))
                .andExpect(status().isNotModified())
                .andExpect(content().bytes(new byte[0]));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/api/v1/products/5/rank/history                          | category_id | missing",
        "/api/v1/products/5/rank/history?category_id=x            | category_id | not_a_number",
        "/api/v1/products/5/rank/history?category_id=-1           | category_id | out_of_range",
        "/api/v1/products/5/rank/history?category_id=1&category_id=2 | category_id | repeated",
        "/api/v1/products/5/rank/history?category_id=7&hours=0    | hours       | out_of_range",
        "/api/v1/products/5/rank/history?category_id=7&hours=8761 | hours       | out_of_range",
        "/api/v1/products/5/rank/history?category_id=7&hours=1.5  | hours       | not_a_number",
        "/api/v1/products/5/rank/history?category_id=7&hours=1&hours=2 | hours  | repeated",
        "/api/v1/products/abc/rank/history?category_id=7          | product_id  | not_a_number",
        "/api/v1/products/-1/rank/history?category_id=7           | product_id  | out_of_range",
        "/api/v1/movers                                           | category_id | missing",
        "/api/v1/movers?category_id=                              | category_id | not_a_number",
        "/api/v1/movers?category_id=2147483648                    | category_id | out_of_range",
        "/api/v1/movers?category_id=7&limit=0                     | limit       | out_of_range",
        "/api/v1/movers?category_id=7&limit=101                   | limit       | out_of_range",
        "/api/v1/movers?category_id=7&limit=ten                   | limit       | not_a_number",
        "/api/v1/movers?category_id=7&limit=1&limit=2             | limit       | repeated"})
    void invalidParametersAre400Problems(String uri, String parameter, String reason) throws Exception {
        mvc.perform(get(uri))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:salesrank:problem:invalid-parameter"))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.parameter").value(parameter))
                .andExpect(jsonPath("$.reason").value(reason))
                .andExpect(jsonPath("$.detail").value(containsString("'" + parameter + "'")));
        verify(history, never()).history(anyLong(), anyInt(), anyInt(), any());
        verify(history, never()).movers(anyInt(), anyInt(), any());
    }

    @Test
    void moversServesTheCachedBytesWithTheDefaultLimit() throws Exception {
        given(history.movers(eq(7), eq(10), any())).willReturn(completedFuture(MOVERS));

        mvc.perform(get("/api/v1/movers?category_id=7"))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(content().string(MOVERS_BODY))
                .andExpect(header().string("ETag", "\"42:movers:7:10\""))
                .andExpect(header().string("Cache-Control", "max-age=2400, public"));
    }

    @Test
    void moversPassesTheLimitAndAcceptsTheBounds() throws Exception {
        given(history.movers(anyInt(), anyInt(), any())).willReturn(completedFuture(MOVERS));

        mvc.perform(get("/api/v1/movers?category_id=0&limit=1")).andExpect(status().isOk());
        mvc.perform(get("/api/v1/movers?category_id=2147483647&limit=100")).andExpect(status().isOk());
        verify(history).movers(eq(0), eq(1), any());
        verify(history).movers(eq(Integer.MAX_VALUE), eq(100), any());
    }

    @Test
    void nothingPublishedYetIsA503Problem() throws Exception {
        given(history.movers(eq(7), eq(10), any())).willThrow(new NoRankingPublishedException());

        mvc.perform(get("/api/v1/movers?category_id=7"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().exists("Retry-After"));
    }
}
