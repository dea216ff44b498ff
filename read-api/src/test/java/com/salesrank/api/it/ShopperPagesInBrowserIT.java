package com.salesrank.api.it;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shoppers' pages in a real browser (headless Chromium) on the real stack, with named categories
 * and products: the index with its filter box, a category's best sellers and its movers, the movers of
 * every category, a product's page. For each:
 * no console errors and no failed requests, links that lead where they say, reachable by keyboard, no
 * serious or critical axe-core violation, and the first load's transferred bytes within
 * {@link #FIRST_LOAD_BUDGET}. Screenshots go to target/screenshots/; with
 * {@code -Dpages.screenshots.update=true} the desktop ones are copied to docs/screenshots/ (the README's).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShopperPagesInBrowserIT extends ReadApiIntegrationTest {

    /** A page's first load, with every script, style sheet and the uPlot chart library, uncached. */
    static final long FIRST_LOAD_BUDGET = 150_000;

    static final HistoryFixtures HISTORY = new HistoryFixtures(STACK);
    static final CatalogFixtures CATALOG = new CatalogFixtures(STACK);

    Browser browser;
    int kitchen;
    int garden;
    long skillet;
    RankingFixtures.Published live;

    @BeforeAll
    void publishNamedRankingsAndStartTheBrowser() throws Exception {
        kitchen = freshCategory();
        garden = freshCategory();
        skillet = 9_100_000L + ThreadLocalRandom.current().nextInt(1_000) * 10L;
        CATALOG.name(Map.of(kitchen, "Kitchen & Dining", garden, "Garden Tools"),
                Map.of(skillet, "Cast-iron skillet", skillet + 1, "Chef's knife", skillet + 2, "Pepper mill",
                        skillet + 3, "Kettle", skillet + 4, "Garden hose"));
        Instant end = Instant.parse("3000-01-01T00:00:00Z")
                .plus(Duration.ofHours(ThreadLocalRandom.current().nextLong(0, 7_000_000)));
        HISTORY.clearHistory(end.minus(Duration.ofDays(40)), end.plus(Duration.ofDays(40)));
        HISTORY.publish(end.minus(Duration.ofHours(48)), Map.of(kitchen, sold(skillet + 1, 90, skillet + 2, 80, skillet, 70)));
        HISTORY.publish(end.minus(Duration.ofHours(24)), Map.of(kitchen, sold(skillet + 1, 90, skillet, 85, skillet + 2, 70)));
        live = HISTORY.publish(end, Map.of(
                kitchen, sold(skillet, 99, skillet + 1, 90, skillet + 2, 80, skillet + 3, 70, skillet + 5, 60),
                garden, sold(skillet + 4, 50, skillet, 10)));
        FIXTURES.awaitReplicated(live.runId());
        awaitLiveRun(live.runId());
        browser = new Browser();
    }

    @AfterAll
    void closeTheBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** What every page must pass: loads within budget, no console error, no failed request, no serious axe finding. */
    void assertAHealthyPage(String path, String screenshot) throws Exception {
        browser.consoleErrors();
        long bytes = browser.firstLoadBytes(url(path), 1366, 900);
        assertThat(bytes).as(path + ": first load's transferred bytes").isPositive().isLessThan(FIRST_LOAD_BUDGET);
        assertThat(browser.failedRequests()).as(path).isEmpty();
        assertThat(browser.seriousAccessibilityViolations()).as(path).isEmpty();
        Path shot = browser.screenshot(screenshot);
        if (Boolean.getBoolean("pages.screenshots.update")) {
            Path docs = Path.of("..", "docs", "screenshots", screenshot + ".png");
            Files.createDirectories(docs.getParent());
            Files.copy(shot, docs, StandardCopyOption.REPLACE_EXISTING);
        }
        browser.open(url(path), 390, 844);
        assertThat(browser.screenshot(screenshot)).isNotEmptyFile();
        assertThat(browser.consoleErrors()).as(path).isEmpty();
    }

    List<String> shown(String selector) {
        return browser.driver.findElements(By.cssSelector(selector)).stream().filter(WebElement::isDisplayed)
                .map(WebElement::getText).toList();
    }

    @Test
    @Order(1)
    void theIndexListsEveryCategoryByNameWithItsNumberOneAndFiltersAsYouType() throws Exception {
        assertAHealthyPage("/", "index");

        browser.open(url("/best-sellers"), 1366, 900);
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Best sellers in every category");
        WebElement row = browser.driver.findElement(By.cssSelector("#categories tr[data-category-id='" + kitchen + "']"));
        assertThat(row.findElement(By.cssSelector("td a")).getText()).isEqualTo("Kitchen & Dining");
        assertThat(row.findElement(By.cssSelector("a.product-link")).getText()).isEqualTo("Cast-iron skillet");

        browser.driver.findElement(By.id("q")).sendKeys("kitchen & d");
        assertThat(shown("#categories tbody tr td:first-child a")).containsExactly("Kitchen & Dining");

        // by keyboard: from the filter box to the first category shown, then Enter follows it
        assertThat(browser.tabTo("#categories a[href='/best-sellers/" + kitchen + "']", 10)).isTrue();
        browser.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.driver.getCurrentUrl().endsWith("/best-sellers/" + kitchen));
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Best sellers in Kitchen & Dining");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(2)
    void withoutJavaScriptTheFilterBoxIsAPlainGetForm() {
        browser.javaScript(false);
        try {
            browser.open(url("/"), 1366, 900);
            WebElement box = browser.driver.findElement(By.id("q"));
            box.sendKeys("garden tools");
            box.submit();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.driver.getCurrentUrl().contains("q=garden"));
            assertThat(shown("#categories tbody tr td:first-child a")).containsExactly("Garden Tools");
            assertThat(browser.driver.findElement(By.id("shown-count")).getText()).startsWith("1 of ");
        } finally {
            browser.javaScript(true);
        }
    }

    @Test
    @Order(3)
    void theCategoryPageShowsNamesThatLinkToTheProductsPages() throws Exception {
        assertAHealthyPage("/best-sellers/" + kitchen, "best-sellers-category");

        browser.open(url("/best-sellers/" + kitchen), 1366, 900);
        assertThat(shown("#best-sellers tbody a.product-link")).containsExactly("Cast-iron skillet", "Chef's knife",
                "Pepper mill", "Kettle", "Product " + (skillet + 5));
        browser.driver.findElement(By.linkText("Pepper mill")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.driver.getCurrentUrl().endsWith("/products/" + (skillet + 2)));
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Pepper mill");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(4)
    void theProductPageShowsEachPlacingItsNeighboursAndItsHistory() throws Exception {
        assertAHealthyPage("/products/" + skillet, "product");

        browser.open(url("/products/" + skillet), 1366, 900);
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Cast-iron skillet");
        assertThat(shown("section.placing-section h2")).containsExactly("#1 in Kitchen & Dining", "#2 in Garden Tools");
        WebElement kitchenSection = browser.driver.findElement(By.cssSelector("section[data-category-id='" + kitchen + "']"));
        assertThat(kitchenSection.findElement(By.cssSelector("p.placing")).getText())
                .contains("#1 of 5 ranked products").contains("100.0 %").contains("99 sold");
        assertThat(kitchenSection.findElements(By.cssSelector("ol.neighbors li")).stream().map(WebElement::getText).toList())
                .containsExactly("Cast-iron skillet (this product) 99 sold", "Chef's knife 90 sold", "Pepper mill 80 sold");
        WebElement gardenSection = browser.driver.findElement(By.cssSelector("section[data-category-id='" + garden + "']"));
        assertThat(gardenSection.findElement(By.cssSelector("p.placing")).getText()).contains("#2 of 2").contains("50.0 %");
        // the chart: three windows with a point each (48 h, 24 h before, live), drawn
        @SuppressWarnings("unchecked")
        List<Long> painted = (List<Long>) browser.driver.executeScript("""
                return Array.from(document.querySelectorAll('section .history canvas')).map(function (c) {
                  var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;
                  for (var i = 3; i < d.length; i += 4) { if (d[i] !== 0) { n++; } }
                  return n;
                });""");
        assertThat(painted).as("a drawn chart for the category with history").isNotEmpty().anyMatch(n -> n > 0);

        browser.driver.findElement(By.linkText("Chef's knife")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.driver.getCurrentUrl().endsWith("/products/" + (skillet + 1)));
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Chef's knife");
        browser.driver.findElement(By.linkText("Kitchen & Dining")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.driver.getCurrentUrl().endsWith("/best-sellers/" + kitchen));
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(5)
    void withoutJavaScriptTheProductsHistoryIsATable() {
        browser.javaScript(false);
        try {
            browser.open(url("/products/" + skillet), 390, 844);
            WebElement kitchenSection = browser.driver.findElement(By.cssSelector("section[data-category-id='" + kitchen + "']"));
            assertThat(kitchenSection.findElements(By.cssSelector("canvas"))).isEmpty();
            assertThat(kitchenSection.findElements(By.cssSelector("table.history-table tbody tr")).stream()
                    .map(row -> row.findElements(By.tagName("td")).get(1).getText()).toList())
                    .as("the last point of each day, newest first").containsExactly("1", "2", "3");
        } finally {
            browser.javaScript(true);
        }
    }

    @Test
    @Order(5)
    void theMoversPageListsTheBiggestGainersWithTheirPreviousAndCurrentRank() throws Exception {
        assertAHealthyPage("/movers/" + kitchen, "movers");

        browser.open(url("/best-sellers/" + kitchen), 1366, 900);
        browser.driver.findElement(By.linkText("Movers & Shakers in Kitchen & Dining")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.driver.getCurrentUrl().endsWith("/movers/" + kitchen));
        // against 24 h before (knife, skillet, mill): the kettle and an untitled product are new, the skillet 2 -> 1
        assertThat(browser.driver.findElements(By.cssSelector("#movers tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList()).toList())
                .containsExactly(
                        List.of("4", "Kettle", "not in the top 100", "▲ 97"),
                        List.of("5", "Product " + (skillet + 5), "not in the top 100", "▲ 96"),
                        List.of("1", "Cast-iron skillet", "2", "▲ 1"));
        assertThat(browser.tabTo("#movers a[href='/products/" + (skillet + 3) + "']", 15)).isTrue();
        browser.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.driver.getCurrentUrl().endsWith("/products/" + (skillet + 3)));
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Kettle");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(5)
    void theOverallMoversPageListsEveryCategorysBiggestGainersWithTheirCategory() throws Exception {
        assertAHealthyPage("/movers", "movers-overall");

        browser.open(url("/best-sellers"), 1366, 900);
        browser.driver.findElement(By.cssSelector("nav.site")).findElement(By.linkText("Movers & Shakers")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.driver.getCurrentUrl().endsWith("/movers"));
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Movers & Shakers in every category");
        // against 24 h before (kitchen only: knife, skillet, mill): everything in the garden is new, then the
        // kitchen's kettle and untitled product, then the skillet 2 -> 1 in the kitchen
        assertThat(browser.driver.findElements(By.cssSelector("#movers tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList()).toList())
                .containsExactly(
                        List.of("1", "Garden hose", "Garden Tools", "not in the top 100", "▲ 100"),
                        List.of("2", "Cast-iron skillet", "Garden Tools", "not in the top 100", "▲ 99"),
                        List.of("4", "Kettle", "Kitchen & Dining", "not in the top 100", "▲ 97"),
                        List.of("5", "Product " + (skillet + 5), "Kitchen & Dining", "not in the top 100", "▲ 96"),
                        List.of("1", "Cast-iron skillet", "Kitchen & Dining", "2", "▲ 1"));

        // a category leads to its movers, and back
        browser.driver.findElement(By.linkText("Garden Tools")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.driver.getCurrentUrl().endsWith("/movers/" + garden));
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Movers & Shakers in Garden Tools");
        browser.driver.findElement(By.linkText("Movers & Shakers in every category")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.driver.getCurrentUrl().endsWith("/movers"));

        // by keyboard: from the top of the page to the kettle, then Enter follows it
        assertThat(browser.tabTo("#movers a[href='/products/" + (skillet + 3) + "']", 15)).isTrue();
        browser.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.driver.getCurrentUrl().endsWith("/products/" + (skillet + 3)));
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Kettle");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(6)
    void unknownProductsAndCategoriesGetAnHtmlNotFoundPage() throws Exception {
        for (String path : List.of("/products/" + (skillet + 9), "/products/abc", "/best-sellers/" + freshCategory(),
                "/movers/" + freshCategory(), "/movers/x")) {
            HttpResponse<String> response = get(path, "Accept", "text/html");
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).as(path)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        }
        for (String query : List.of("q=" + "x".repeat(101), "q=a&q=b")) {
            HttpResponse<String> badFilter = get("/best-sellers?" + query);
            assertThat(badFilter.statusCode()).as(query).isEqualTo(400);
            assertThat(badFilter.headers().firstValue("Content-Type")).as(query)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        }
        browser.open(url("/products/" + (skillet + 9)), 1366, 900);
        assertThat(browser.driver.getTitle()).isEqualTo("No such product (404)");
        assertThat(browser.driver.findElement(By.cssSelector("nav.site a[href='/best-sellers']")).isDisplayed()).isTrue();
        assertThat(browser.seriousAccessibilityViolations()).isEmpty();
    }

    @Test
    @Order(7)
    void thePagesAreCachedPerRunWithEtags() throws Exception {
        for (String path : List.of("/", "/best-sellers/" + kitchen, "/movers", "/movers/" + kitchen, "/products/" + skillet)) {
            HttpResponse<String> first = get(path);
            assertThat(first.statusCode()).as(path).isEqualTo(200);
            String etag = first.headers().firstValue("ETag").orElseThrow();
            assertThat(etag).as(path).startsWith("\"" + live.runId());
            assertThat(get(path, "If-None-Match", etag).statusCode()).as(path).isEqualTo(304);
        }
    }

    /**
     * After a head refresh that puts a new product at #1, the category page shows what /popular serves.
     * The windows end three hours before this hour (as HeadRankingIT's), so the head left behind is older
     * than the full rankings other tests publish and never answers their pages.
     */
    @Test
    @Order(8)
    void afterAHeadRefreshTheCategoryPageAndPopularAgree() throws Exception {
        Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
        var full = RankingFixtures.ranking();
        full.put(kitchen, sold(skillet, 99, skillet + 1, 90, skillet + 2, 80));
        RankingFixtures.Published fullRun = FIXTURES.publish(full, base);
        FIXTURES.awaitReplicated(fullRun.runId());
        var head = RankingFixtures.ranking();
        head.put(kitchen, sold(skillet + 3, 120, skillet, 100, skillet + 1, 91));
        // K, the head's depth, is its deepest category's: 20 here, so a page of 20 lies within it
        List<RankingFixtures.Sold> deep = new java.util.ArrayList<>();
        for (int rank = 1; rank <= 20; rank++) {
            deep.add(new RankingFixtures.Sold(skillet + 100 + rank, 1_000 - rank));
        }
        head.put(garden, deep);
        RankingFixtures.Published headRun = FIXTURES.publishHead(head, base.plus(Duration.ofMinutes(10)));
        FIXTURES.awaitHeadReplicated(headRun.runId());

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                json(get("/api/v1/popular?category_id=" + kitchen + "&limit=20")).get("run_id").asLong() == headRun.runId());
        JsonNode popular = json(get("/api/v1/popular?category_id=" + kitchen + "&limit=20"));
        List<String> served = popular.get("items").valueStream().map(item -> item.get("title").asString()).toList();
        assertThat(served).containsExactly("Kettle", "Cast-iron skillet", "Chef's knife");

        browser.firstLoadBytes(url("/best-sellers/" + kitchen), 1366, 900); // not the copy an earlier test left cached
        assertThat(shown("#best-sellers tbody a.product-link")).containsExactlyElementsOf(served);
        assertThat(browser.driver.findElement(By.cssSelector(".freshness time")).getAttribute("datetime"))
                .isEqualTo(popular.get("window_start").asString());
        HttpResponse<String> page = get("/best-sellers/" + kitchen);
        assertThat(page.headers().firstValue("ETag").orElseThrow()).startsWith("\"" + headRun.runId() + "+");
    }
}
