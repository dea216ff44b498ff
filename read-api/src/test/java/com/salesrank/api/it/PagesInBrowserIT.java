package com.salesrank.api.it;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages in a real browser (headless Chromium, one session for the whole class) against the
 * service on the real stack, with full rankings and their history published by {@link HistoryFixtures}:
 * rows in the fixture's order, sparklines and charts drawn, no console errors, the table without
 * JavaScript, and screenshots at a phone's and a desktop's width under target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagesInBrowserIT extends ReadApiIntegrationTest {

    static final HistoryFixtures HISTORY = new HistoryFixtures(STACK);
    static final int[][] SIZES = {{390, 844}, {1366, 900}};

    /** The live ranking of {@link #category}, best first: 26 products, two pages of 20. */
    static final List<Long> LIVE = new ArrayList<>(List.of(7003L, 7001L, 7002L, 7026L, 7005L, 7004L));

    static {
        for (long product = 7006; product <= 7025; product++) {
            LIVE.add(product);
        }
    }

    @Autowired
    WebServerApplicationContext context;

    Browser browser;
    int category;
    RankingFixtures.Published live;

    @BeforeAll
    void publishAndStartTheBrowser() throws Exception {
        category = freshCategory();
        Instant end = Instant.parse("3000-01-01T00:00:00Z")
                .plus(Duration.ofHours(ThreadLocalRandom.current().nextLong(0, 7_000_000)));
        HISTORY.clearHistory(end.minus(Duration.ofDays(40)), end.plus(Duration.ofDays(40)));
        // 24 h before: 7001..7025 in order (7026 not ranked); 12 h before: already the live order
        List<Long> dayBefore = new ArrayList<>();
        for (long product = 7001; product <= 7025; product++) {
            dayBefore.add(product);
        }
        publish(end.minus(Duration.ofHours(24)), dayBefore);
        publish(end.minus(Duration.ofHours(12)), LIVE);
        live = publish(end, LIVE);
        FIXTURES.awaitReplicated(live.runId());
        awaitLiveRun(live.runId());
        browser = new Browser();
    }

    RankingFixtures.Published publish(Instant windowEnd, List<Long> bestFirst) throws Exception {
        List<RankingFixtures.Sold> rows = new ArrayList<>();
        for (int i = 0; i < bestFirst.size(); i++) {
            rows.add(new RankingFixtures.Sold(bestFirst.get(i), 5_000 - 10L * i));
        }
        var ranking = RankingFixtures.ranking();
        ranking.put(category, rows);
        return HISTORY.publish(windowEnd, ranking);
    }

    @AfterAll
    void closeTheBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    String page(int page) {
        return "http://127.0.0.1:" + port + "/best-sellers/" + category + (page > 1 ? "?page=" + page : "");
    }

    List<Long> productIdsShown() {
        return browser.driver.findElements(By.cssSelector("#best-sellers tbody tr")).stream()
                .map(row -> Long.parseLong(row.getAttribute("data-product-id"))).toList();
    }

    List<String> ranksShown() {
        return browser.driver.findElements(By.cssSelector("#best-sellers tbody td.rank")).stream()
                .map(WebElement::getText).toList();
    }

    String change(int row) {
        WebElement cell = browser.driver.findElements(By.cssSelector("#best-sellers tbody td.change")).get(row);
        return cell.getAttribute("data-direction") + " " + cell.getText().trim();
    }

    /** Per canvas under {@code selector}: how many of its pixels are painted. */
    @SuppressWarnings("unchecked")
    List<Long> paintedPixels(String selector) {
        return (List<Long>) browser.driver.executeScript("""
                return Array.from(document.querySelectorAll(arguments[0])).map(function (c) {
                  if (c.width === 0 || c.height === 0) { return 0; }
                  var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;
                  for (var i = 3; i < d.length; i += 4) { if (d[i] !== 0) { n++; } }
                  return n;
                });""", selector);
    }

    @Test
    void bestSellersShowTheFixturesRowsInRankOrderWithTheirChangeAndSparklinesAtBothWidths() throws Exception {
        browser.consoleErrors();
        for (int[] size : SIZES) {
            browser.open(page(1), size[0], size[1]);

            assertThat(browser.driver.getTitle()).contains("Best sellers").contains("page 1 of 2");
            assertThat(browser.driver.findElement(By.tagName("h1")).getText()).contains(String.valueOf(category));
            assertThat(productIdsShown()).containsExactlyElementsOf(LIVE.subList(0, 20));
            assertThat(ranksShown()).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10",
                    "11", "12", "13", "14", "15", "16", "17", "18", "19", "20");
            // against 24 h before: 7003 3 -> 1, 7001 1 -> 2, 7026 new, 7005 stays 5th, 7004 4 -> 6
            assertThat(change(0)).isEqualTo("up ▲ 2");
            assertThat(change(1)).isEqualTo("down ▼ 1");
            assertThat(change(3)).isEqualTo("new new");
            assertThat(change(4)).isEqualTo("same =");
            assertThat(change(5)).isEqualTo("down ▼ 2");
            assertThat(browser.driver.findElements(By.cssSelector("#best-sellers thead th"))).hasSize(5);

            List<Long> painted = paintedPixels("#best-sellers .spark canvas");
            assertThat(painted).as("one drawn sparkline per row").hasSize(20).allMatch(pixels -> pixels > 0);
            assertThat(browser.screenshot("best-sellers")).isNotEmptyFile();
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void theNextLinkLeadsToTheSecondPage() {
        browser.open(page(1), 1366, 900);
        browser.driver.findElement(By.cssSelector("nav.pages a[rel=next]")).click();

        assertThat(browser.driver.getCurrentUrl()).endsWith("/best-sellers/" + category + "?page=2");
        assertThat(productIdsShown()).containsExactlyElementsOf(LIVE.subList(20, 26));
        assertThat(ranksShown()).containsExactly("21", "22", "23", "24", "25", "26");
        assertThat(browser.driver.findElements(By.cssSelector("nav.pages a[rel=next]"))).isEmpty();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void withoutJavaScriptTheTableIsComplete() {
        browser.javaScript(false);
        try {
            browser.open(page(1), 390, 844);

            assertThat(productIdsShown()).containsExactlyElementsOf(LIVE.subList(0, 20));
            assertThat(ranksShown()).hasSize(20).first().isEqualTo("1");
            assertThat(change(0)).isEqualTo("up ▲ 2");
            assertThat(change(3)).isEqualTo("new new");
            assertThat(browser.driver.findElements(By.cssSelector("#best-sellers canvas"))).as("no script ran").isEmpty();
            assertThat(browser.driver.findElement(By.cssSelector("#best-sellers tbody .spark")).getText()).isEqualTo("now 1");
            assertThat(browser.driver.findElement(By.cssSelector("#best-sellers tbody td.sold")).getText()).isEqualTo("5,000");
        } finally {
            browser.javaScript(true);
        }
    }

    @Test
    void anUnknownCategoryGetsAnHtmlNotFoundPage() throws Exception {
        int unknown = freshCategory();
        HttpResponse<String> response = get("/best-sellers/" + unknown, "Accept", "text/html");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));

        browser.open("http://127.0.0.1:" + port + "/best-sellers/" + unknown, 1366, 900);
        assertThat(browser.driver.getTitle()).isEqualTo("No best sellers here (404)");
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("No best sellers here");
        assertThat(browser.driver.findElements(By.cssSelector("pre"))).as("no error dump").isEmpty();
    }

    @Test
    void thePageIsCachedByHttpLikeTheApiKeyedByTheRun() throws Exception {
        HttpResponse<String> first = get("/best-sellers/" + category);
        assertThat(first.statusCode()).isEqualTo(200);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).startsWith("\"" + live.runId() + ":");
        assertThat(first.headers().firstValue("Cache-Control")).hasValueSatisfying(value ->
                assertThat(value).startsWith("max-age=").endsWith(", public"));

        HttpResponse<String> again = get("/best-sellers/" + category, "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
    }

    @Test
    void theOpsPageIsOnTheOpsPortOnlyAndShowsFreshnessRunsReplicasAndCaches() throws Exception {
        HttpResponse<String> publicPort = get("/ops");
        assertThat(publicPort.statusCode()).isEqualTo(404);
        assertThat(publicPort.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        browser.consoleErrors();
        for (int[] size : SIZES) {
            browser.open("http://127.0.0.1:" + opsPort() + "/ops", size[0], size[1]);

            assertThat(browser.driver.getTitle()).isEqualTo("salesrank ops");
            WebElement full = browser.driver.findElement(By.cssSelector("#freshness tr[data-ranking=full]"));
            assertThat(full.findElements(By.tagName("td")).get(1).getText()).isEqualTo(String.valueOf(live.runId()));
            assertThat(paintedPixels("#run-charts canvas")).as("three drawn run charts").hasSize(3)
                    .allMatch(pixels -> pixels > 0);
            assertThat(browser.driver.findElements(By.cssSelector("#replicas tbody tr"))).hasSize(2);
            assertThat(browser.driver.findElements(By.cssSelector("#caches tbody tr")).stream()
                    .map(row -> row.getAttribute("data-tier")).toList()).containsExactly("near", "redis");
            assertThat(browser.screenshot("ops")).isNotEmptyFile();
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void thePagesAreNotInTheOpenApiDocument() throws Exception {
        HttpResponse<String> docs = get("/v3/api-docs");
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(json(docs).get("paths").propertyNames()).noneMatch(path -> path.startsWith("/best-sellers")
                || path.startsWith("/ops") || path.startsWith("/webjars") || path.startsWith("/assets"));
    }

    /** The ops connector's port: the service's other Tomcat connector. */
    int opsPort() {
        for (Connector connector : ((TomcatWebServer) context.getWebServer()).getTomcat().getService().findConnectors()) {
            if (connector.getLocalPort() != port) {
                return connector.getLocalPort();
            }
        }
        throw new AssertionError("no ops connector besides the public port " + port);
    }
}
