package com.salesrank.api.ranking;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.salesrank.api.cache.CachedPage;
import com.salesrank.api.fastpath.PendingPopularPage;
import com.salesrank.api.replica.DatabaseUnavailableException;
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
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The HTTP contract of both endpoints: validation, errors, caching headers. Only the service is mocked. */
@WebMvcTest({PopularController.class, ProductRankController.class, ProductNeighborsController.class})
@Import(RankingControllersTest.FixedClock.class)
class RankingControllersTest {

    // published 20 minutes before "now": the next hourly publish is 40 minutes (2400 s) away
    static final Instant PUBLISHED = Instant.parse("2026-11-27T21:00:00Z");
    static final Instant NOW = Instant.parse("2026-11-27T21:20:00Z");
    static final String BODY = "{\"category_id\":7,\"items\":[]}";
    static final CachedPage PAGE = new CachedPage(42, PUBLISHED.toEpochMilli(), "\"42:cat:7:0:10\"",
            BODY.getBytes(StandardCharsets.UTF_8));

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
    RankingService rankings;

    @MockitoBean
    PublishedRunTracker tracker; // live run unknown (0 from the mock): no page counts as superseded

    @Test
    void servesTheCachedBytesWithEtagAndCacheControlUntilTheNextPublish() throws Exception {
        given(rankings.popularAsync(eq(7), eq(0), eq(10), any())).willReturn(completedFuture(PAGE));

        mvc.perform(get("/api/v1/popular").param("category_id", "7"))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(content().string(BODY))
                .andExpect(header().string("ETag", "\"42:cat:7:0:10\""))
                .andExpect(header().string("Cache-Control", "max-age=2400, public"));
    }

    @Test
    void aPageTheHeadAnsweredNamesItsRankingAndIsCachedUntilTheNextHeadPublish() throws Exception {
        // the head publishes every 10 minutes: published 21:15, next expected 21:25, now 21:20
        String body = "{\"category_id\":7,\"run_id\":61,\"ranking\":\"head\",\"items\":[]}";
        given(rankings.popularAsync(eq(7), eq(0), eq(10), any())).willReturn(completedFuture(new CachedPage(61, -1, "\"61:cat:7:0:10\"",
                body.getBytes(StandardCharsets.UTF_8), Instant.parse("2026-11-27T21:15:00Z").toEpochMilli())));

        mvc.perform(get("/api/v1/popular").param("category_id", "7"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.ranking").value("head"))
                .andExpect(jsonPath("$.run_id").value(61))
                .andExpect(header().string("ETag", "\"61:cat:7:0:10\""))
                .andExpect(header().string("Cache-Control", "max-age=300, public"));
        mvc.perform(get("/api/v1/popular").param("category_id", "7").header("If-None-Match", "\"42:cat:7:0:10\""))
                .andExpect(status().isOk()) // the full run's ETag is not the head page's
                .andExpect(content().string(containsString("\"head\"")));
    }

    @Test
    void productRanksFromBothRankingsAreCachedUntilEitherPublishes() throws Exception {
        // full published 21:00 (next 22:00), head 21:12 (next 21:22): two minutes from 21:20
        String body = "{\"product_id\":100,\"run_id\":61,\"ranking\":\"head\",\"runs\":["
                + "{\"ranking\":\"head\",\"run_id\":61},{\"ranking\":\"full\",\"run_id\":42}],"
                + "\"ranks\":[{\"category_id\":7,\"rank\":3,\"ranking\":\"head\",\"run_id\":61}]}";
        given(rankings.productRanksAsync(eq(100L), any())).willReturn(completedFuture(new CachedPage(61, PUBLISHED.toEpochMilli(),
                "\"61+42:product:100\"", body.getBytes(StandardCharsets.UTF_8),
                Instant.parse("2026-11-27T21:12:00Z").toEpochMilli())));

        mvc.perform(get("/api/v1/products/100/rank"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.runs[0].ranking").value("head"))
                .andExpect(jsonPath("$.runs[1].ranking").value("full"))
                .andExpect(jsonPath("$.ranks[0].ranking").value("head"))
                .andExpect(header().string("ETag", "\"61+42:product:100\""))
                .andExpect(header().string("Cache-Control", "max-age=120, public"));
        mvc.perform(get("/api/v1/products/100/rank").header("If-None-Match", "\"61+42:product:100\""))
                .andExpect(status().isNotModified());
    }

    @Test
    void passesLimitAndOffset() throws Exception {
        given(rankings.popularAsync(eq(7), eq(20), eq(5), any())).willReturn(completedFuture(PAGE));

        mvc.perform(get("/api/v1/popular?category_id=7&limit=5&offset=20"))
                .andExpect(status().isOk());
        verify(rankings).popularAsync(eq(7), eq(20), eq(5), any());
    }

    @Test
    void acceptsTheBounds() throws Exception {
        given(rankings.popularAsync(anyInt(), anyInt(), anyInt(), any())).willReturn(completedFuture(PAGE));

        mvc.perform(get("/api/v1/popular?category_id=0&limit=1&offset=0")).andExpect(status().isOk());
        mvc.perform(get("/api/v1/popular?category_id=2147483647&limit=100&offset=10000")).andExpect(status().isOk());
        verify(rankings).popularAsync(eq(0), eq(0), eq(1), any());
        verify(rankings).popularAsync(eq(Integer.MAX_VALUE), eq(10000), eq(100), any());
    }

    @Test
    void answersJsonEvenToAClientAskingForHtml() throws Exception {
        given(rankings.popularAsync(eq(7), eq(0), eq(10), any())).willReturn(completedFuture(PAGE));

        mvc.perform(get("/api/v1/popular?category_id=7").accept(MediaType.TEXT_HTML))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"42:cat:7:0:10\"",
        "W/\"42:cat:7:0:10\"",
        "\"41:cat:7:0:10\", \"42:cat:7:0:10\""})
    void answers304WhenIfNoneMatchNamesTheCurrentEtag(String ifNoneMatch) throws Exception {
        given(rankings.popularAsync(eq(7), eq(0), eq(10), any())).willReturn(completedFuture(PAGE));

        mvc.perform(get("/api/v1/popular?category_id=7").header("If-None-Match", ifNoneMatch))
                .andExpect(status().isNotModified())
                .andExpect(header().string("ETag", "\"42:cat:7:0:10\""))
                .andExpect(header().string("Cache-Control", "max-age=2400, public"))
                .andExpect(content().bytes(new byte[0]));
    }

    /** Spring reads "*" as a guard against lost updates, which a GET cannot cause: the page is sent. */
    @Test
    void answers200ToAWildcardIfNoneMatch() throws Exception {
        given(rankings.popularAsync(eq(7), eq(0), eq(10), any())).willReturn(completedFuture(PAGE));

        mvc.perform(get("/api/v1/popular?category_id=7").header("If-None-Match", "*"))
                .andExpect(status().isOk())
                .andExpect(content().string(BODY));
    }

    @Test
    void answers200WhenIfNoneMatchNamesAnOlderRun() throws Exception {
        given(rankings.popularAsync(eq(7), eq(0), eq(10), any())).willReturn(completedFuture(PAGE));

        mvc.perform(get("/api/v1/popular?category_id=7").header("If-None-Match", "\"41:cat:7:0:10\""))
                .andExpect(status().isOk())
                .andExpect(content().string(BODY));
    }

    @Test
    void missingCategoryIsA400Problem() throws Exception {
        mvc.perform(get("/api/v1/popular"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:salesrank:problem:invalid-parameter"))
                .andExpect(jsonPath("$.title").value("Invalid request parameter"))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.instance").value("/api/v1/popular"))
                .andExpect(jsonPath("$.parameter").value("category_id"))
                .andExpect(jsonPath("$.reason").value("missing"))
                .andExpect(jsonPath("$.detail").value(containsString("'category_id' is required")));
        verify(rankings, never()).popularAsync(anyInt(), anyInt(), anyInt(), any());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "category_id=abc                   | category_id | not_a_number",
        "category_id=                      | category_id | not_a_number",
        "category_id=7.5                   | category_id | not_a_number",
        "category_id=0x10                  | category_id | not_a_number",
        "category_id=%207                  | category_id | not_a_number",
        "category_id=-1                    | category_id | out_of_range",
        "category_id=2147483648            | category_id | out_of_range",
        "category_id=99999999999999999999  | category_id | out_of_range",
        "category_id=7&limit=ten           | limit       | not_a_number",
        "category_id=7&limit=0             | limit       | out_of_range",
        "category_id=7&limit=101           | limit       | out_of_range",
        "category_id=7&offset=1.5          | offset      | not_a_number",
        "category_id=7&offset=-1           | offset      | out_of_range",
        "category_id=7&offset=10001        | offset      | out_of_range",
        "category_id=7&category_id=8       | category_id | repeated",
        "category_id=7&limit=5&limit=6     | limit       | repeated",
        "category_id=7&offset=0&offset=0   | offset      | repeated"})
    void invalidParametersAre400Problems(String query, String parameter, String reason) throws Exception {
        mvc.perform(get("/api/v1/popular?" + query))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.parameter").value(parameter))
                .andExpect(jsonPath("$.reason").value(reason))
                .andExpect(jsonPath("$.detail").value(containsString(parameter)));
        verify(rankings, never()).popularAsync(anyInt(), anyInt(), anyInt(), any());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "category_id=7&above=11 | above",
        "category_id=7&below=-1 | below",
        "category_id=7&above=x  | above",
        "above=2                | category_id",
        "category_id=7&category_id=8 | category_id"})
    void badNeighborsParametersAre400Problems(String query, String parameter) throws Exception {
        mvc.perform(get("/api/v1/products/5/neighbors?" + query))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.parameter").value(parameter));
        verify(rankings, never()).neighborsAsync(anyLong(), anyInt(), anyInt(), anyInt(), any());
    }

    @Test
    void neighborsTakeTheirDefaultsAndAnUnrankedProductIsA404Problem() throws Exception {
        given(rankings.neighborsAsync(eq(5L), eq(7), eq(2), eq(2), any())).willReturn(
                java.util.concurrent.CompletableFuture.failedFuture(new NotRankedInCategoryException(5, 7)));

        org.springframework.test.web.servlet.MvcResult started =
                mvc.perform(get("/api/v1/products/5/neighbors?category_id=7")).andReturn();
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch(started))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:salesrank:problem:not-ranked-in-category"))
                .andExpect(jsonPath("$.product_id").value(5))
                .andExpect(jsonPath("$.category_id").value(7));
    }

    @Test
    void aBadParameterIsA400EvenForAClientAskingForHtml() throws Exception {
        mvc.perform(get("/api/v1/popular?category_id=x").accept(MediaType.TEXT_HTML))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.reason").value("not_a_number"));
    }

    @Test
    void productRankServesTheCachedPage() throws Exception {
        CachedPage page = new CachedPage(42, PUBLISHED.toEpochMilli(), "\"42:product:100\"",
                "{\"product_id\":100,\"ranks\":[]}".getBytes(StandardCharsets.UTF_8));
        given(rankings.productRanksAsync(eq(100L), any())).willReturn(completedFuture(page));

        mvc.perform(get("/api/v1/products/100/rank"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.product_id").value(100))
                .andExpect(header().string("ETag", "\"42:product:100\""));
    }

    @ParameterizedTest
    @CsvSource({"abc, not_a_number", "1e3, not_a_number", "-5, out_of_range",
        "9223372036854775808, out_of_range"})
    void invalidProductIdsAre400Problems(String productId, String reason) throws Exception {
        mvc.perform(get("/api/v1/products/" + productId + "/rank"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.parameter").value("product_id"))
                .andExpect(jsonPath("$.reason").value(reason));
        verify(rankings, never()).productRanksAsync(anyLong(), any());
    }

    @Test
    void unknownPathIsA404Problem() throws Exception {
        mvc.perform(get("/api/v1/unpopular?category_id=7"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(404))
                .andExpect(jsonPath("$.title").value("Not Found"));
    }

    @Test
    void otherMethodsAre405ProblemsNamingGet() throws Exception {
        for (var request : new org.springframework.test.web.servlet.RequestBuilder[] {
                post("/api/v1/popular?category_id=7"), put("/api/v1/popular?category_id=7"),
                delete("/api/v1/products/1/rank")}) {
            mvc.perform(request)
                    .andExpect(status().isMethodNotAllowed())
                    .andExpect(header().string("Allow", containsString("GET")))
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.status").value(405));
        }
    }

    @Test
    void noDatabaseAndNoCacheIsA503ProblemWithRetryAfter() throws Exception {
        given(rankings.popularAsync(eq(7), eq(0), eq(10), any())).willThrow(new DatabaseUnavailableException(
                "no database can answer", new java.sql.SQLException("Connection refused", "08S01")));

        mvc.perform(get("/api/v1/popular?category_id=7"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:salesrank:problem:ranking-unavailable"))
                .andExpect(jsonPath("$.status").value(503))
                .andExpect(content().string(not(containsString("Connection refused"))));
    }

    @Test
    void aPageStillLoadingIsAnsweredWhenItsLoadCompletesWithTheSameConditionalRules() throws Exception {
        java.util.concurrent.CompletableFuture<CachedPage> loading = new java.util.concurrent.CompletableFuture<>();
        given(rankings.popularAsync(eq(7), eq(0), eq(10), any())).willReturn(loading);

        org.springframework.test.web.servlet.MvcResult started = mvc.perform(get("/api/v1/popular?category_id=7")
                        .header("If-None-Match", "W/\"42:cat:7:0:10\""))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.request().asyncStarted())
                .andReturn();
        loading.complete(PAGE);

        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch(started))
                .andExpect(status().isNotModified())
                .andExpect(header().string("ETag", "\"42:cat:7:0:10\""))
                .andExpect(header().string("Cache-Control", "max-age=2400, public"));
    }

    @Test
    void aLoadThatFailsLaterIsAProblemDocumentToo() throws Exception {
        java.util.concurrent.CompletableFuture<CachedPage> loading = new java.util.concurrent.CompletableFuture<>();
        given(rankings.popularAsync(eq(7), eq(0), eq(10), any())).willReturn(loading);

        org.springframework.test.web.servlet.MvcResult started = mvc.perform(get("/api/v1/popular?category_id=7"))
                .andReturn();
        loading.completeExceptionally(new DatabaseUnavailableException(
                "no database can answer", new java.sql.SQLException("Connection refused", "08S01")));

        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch(started))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:salesrank:problem:ranking-unavailable"));
    }

    @Test
    void aFullDatabaseLoadQueueIsA503ProblemWithRetryAfter() throws Exception {
        given(rankings.popularAsync(eq(7), eq(0), eq(10), any())).willThrow(new com.salesrank.api.cache.DatabaseLoadsBusyException(8, 256));

        mvc.perform(get("/api/v1/popular?category_id=7"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:salesrank:problem:database-reads-busy"))
                .andExpect(jsonPath("$.detail").isNotEmpty());
    }

    static java.util.stream.Stream<org.springframework.dao.DataAccessException> transientDataAccessFailures() {
        return java.util.stream.Stream.of(
                new org.springframework.dao.QueryTimeoutException("query timed out"),
                new org.springframework.dao.CannotAcquireLockException("Deadlock found when trying to get lock",
                        new java.sql.SQLTransactionRollbackException("Deadlock found", "40001", 1213)),
                new org.springframework.jdbc.CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                        new java.sql.SQLTransientConnectionException("pool timeout")),
                new org.springframework.dao.RecoverableDataAccessException("connection reset"),
                new org.springframework.dao.DataAccessResourceFailureException("Communications link failure"));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("transientDataAccessFailures")
    void aTransientDataAccessFailureIsA503ProblemWithRetryAfter(org.springframework.dao.DataAccessException failure)
            throws Exception {
        given(rankings.popularAsync(eq(7), eq(0), eq(10), any())).willThrow(failure);

        mvc.perform(get("/api/v1/popular?category_id=7"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:salesrank:problem:ranking-unavailable"));
    }

    static java.util.stream.Stream<org.springframework.dao.DataAccessException> bugDataAccessFailures() {
        return java.util.stream.Stream.of(
                new org.springframework.jdbc.BadSqlGrammarException("popular", "SELECT nope FROM sales_rank",
                        new java.sql.SQLSyntaxErrorException("Unknown column 'nope' in 'field list'", "42S22", 1054)),
                new org.springframework.jdbc.BadSqlGrammarException("popular", "SELECT * FROM sales_rank",
                        new java.sql.SQLSyntaxErrorException(
                                "SELECT command denied to user 'salesrank_reader' for table 'sales_rank'", "42000", 1142)),
                new org.springframework.dao.PermissionDeniedDataAccessException("access denied for the reader", null),
                new org.springframework.dao.DataIntegrityViolationException("Column 'x' cannot be null"));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("bugDataAccessFailures")
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void anyOtherDataAccessFailureIsA500ProblemAndAnErrorLogLineWithItsCause(
            org.springframework.dao.DataAccessException failure,
            org.springframework.boot.test.system.CapturedOutput output) throws Exception {
        given(rankings.popularAsync(eq(7), eq(0), eq(10), any())).willThrow(failure);

        mvc.perform(get("/api/v1/popular?category_id=7"))
                .andExpect(status().isInternalServerError())
                .andExpect(header().doesNotExist("Retry-After"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(500))
                .andExpect(jsonPath("$.detail").value(containsString("logged")))
                .andExpect(content().string(not(containsString("sales_rank"))));

        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String cause = root.getMessage();
        assertThat(output.getOut().lines()
                .filter(line -> line.contains("ERROR") && line.contains("500 for /api/v1/popular"))
                .filter(line -> line.contains(failure.getClass().getSimpleName()) && line.contains(cause)))
                .as("one ERROR line naming the exception and its cause").hasSize(1);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"GET, /api/v1/unpopular, 404", "POST, /api/v1/popular?category_id=7, 405",
        "DELETE, /api/v1/products/1/rank, 405"})
    void anUnparseableAcceptHeaderStillGetsAProblemBody(String method, String uri, int status) throws Exception {
        for (String accept : new String[] {"a/b/c;;;", "*/*;q=garbage"}) {
            mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                            .request(org.springframework.http.HttpMethod.valueOf(method), uri).header("Accept", accept))
                    .andExpect(status().is(status))
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.status").value(status))
                    .andExpect(jsonPath("$.detail").isNotEmpty());
        }
    }

    @Test
    void nothingPublishedYetIsA503Problem() throws Exception {
        given(rankings.popularAsync(eq(7), eq(0), eq(10), any())).willThrow(new NoRankingPublishedException());

        mvc.perform(get("/api/v1/popular?category_id=7"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "60"))
                .andExpect(jsonPath("$.type").value("urn:salesrank:problem:no-ranking-published"))
                .andExpect(jsonPath("$.detail").value(containsString("no ranking has been published yet")));
    }

    @Test
    void anUnexpectedFailureIsA500ProblemWithoutInternals() throws Exception {
        given(rankings.popularAsync(eq(7), eq(0), eq(10), any())).willThrow(new IllegalStateException("secret internal state"));

        mvc.perform(get("/api/v1/popular?category_id=7"))
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(500))
                .andExpect(jsonPath("$.trace").doesNotExist())
                .andExpect(content().string(not(containsString("secret"))))
                .andExpect(content().string(not(containsString("IllegalStateException"))));
    }

    @Test
    void aFailedLoadTheFastPathHandsOnIsAProblemDocumentWithoutAskingAgain() throws Exception {
        java.util.concurrent.CompletableFuture<CachedPage> failed = java.util.concurrent.CompletableFuture.failedFuture(
                new DatabaseUnavailableException("no database can answer",
                        new java.sql.SQLException("Connection refused", "08S01")));

        org.springframework.test.web.servlet.MvcResult started = mvc.perform(get("/api/v1/popular?category_id=7")
                        .with(request -> {
                            PendingPopularPage.handOn(request, failed);
                            return request;
                        }))
                .andReturn();

        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch(started))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:salesrank:problem:ranking-unavailable"));
        verify(rankings, never()).popularAsync(anyInt(), anyInt(), anyInt(), any());
    }
}
