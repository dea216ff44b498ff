package com.salesrank.api.it;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A catalog swap (scripts/load-catalog.sh: staging tables, one RENAME, a catalog_loads row) while
 * clients read pages that join the catalog, each a database read (a page no one asked for yet): no
 * request fails, and a page read after the load has the new names.
 */
class CatalogSwapUnderLoadIT extends ReadApiIntegrationTest {

    @Test
    void aCatalogSwapUnderReadLoadFailsNoRequestAndNewReadsHaveTheNewNames() throws Exception {
        int category = freshCategory();
        long first = 7_700_000L + ThreadLocalRandom.current().nextInt(10_000) * 200L;
        var ranking = RankingFixtures.ranking();
        List<RankingFixtures.Sold> rows = new ArrayList<>();
        for (int rank = 1; rank <= 150; rank++) {
            rows.add(new RankingFixtures.Sold(first + rank, 10_000 - rank));
        }
        ranking.put(category, rows);
        RankingFixtures.Published run = FIXTURES.publish(ranking);
        FIXTURES.awaitReplicated(run.runId());
        awaitLiveRun(run.runId());

        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger pages = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> load = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            load.add(clients.submit(() -> {
                while (reading.get()) {
                    int n = pages.incrementAndGet();
                    // a page not asked for before (limit 1..100 x offset 0..49), or a product's ranks
                    String path = n % 3 == 0 ? "/api/v1/products/" + (first + 1 + n % 150) + "/neighbors?category_id="
                            + category + "&above=" + (n % 11) + "&below=" + (n / 11 % 11)
                            : "/api/v1/popular?category_id=" + category + "&limit=" + (1 + n % 100) + "&offset="
                            + (n / 100 % 50);
                    try {
                        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20)).GET()
                                .build(), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            failures.add(path + " -> " + response.statusCode() + " " + response.body());
                        }
                    } catch (Exception e) {
                        failures.add(path + " -> " + e);
                    }
                    answered.incrementAndGet();
                }
                return null;
            }));
        }
        try {
            Path dir = Files.createTempDirectory("salesrank-catalog-");
            for (String name : List.of("Cookware", "Cookware & Bakeware")) {
                Path categories = dir.resolve("categories.tsv");
                Path products = dir.resolve("products.tsv");
                Files.writeString(categories, category + "\t" + name + "\n", StandardCharsets.UTF_8);
                StringBuilder titles = new StringBuilder();
                for (int rank = 1; rank <= 150; rank++) {
                    titles.append(first + rank).append('\t').append(name).append(" item ").append(rank).append('\n');
                }
                Files.writeString(products, titles, StandardCharsets.UTF_8);
                int before = answered.get();
                loadCatalog(categories, products);
                assertThat(answered.get()).as("reads went on during the load").isGreaterThan(before);
            }
        } finally {
            reading.set(false);
            for (Future<?> client : load) {
                client.get(60, TimeUnit.SECONDS);
            }
            clients.shutdown();
        }
        assertThat(failures).as("failed requests during the catalog swaps").isEmpty();

        // a page no one asked for yet, read once the replica has the last load, has its names
        AtomicInteger offset = new AtomicInteger(59);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> "Cookware & Bakeware"
                .equals(json(get("/api/v1/popular?category_id=" + category + "&limit=1&offset=" + offset.incrementAndGet()))
                        .get("category_name").asString()));
        JsonNode fresh = json(get("/api/v1/popular?category_id=" + category + "&limit=2&offset=" + offset.get()));
        assertThat(fresh.at("/items/0/title").asString()).isEqualTo("Cookware & Bakeware item " + (offset.get() + 1));
    }

    /** scripts/load-catalog.sh with the stack's environment (the catalog account's from scripts/stack.sh env). */
    static void loadCatalog(Path categories, Path products) throws Exception {
        Path root = StackEnvironment.repositoryRoot();
        Process process = new ProcessBuilder(root.resolve("scripts/load-catalog.sh").toString(),
                "--categories", categories.toString(), "--products", products.toString())
                .directory(root.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).as("load-catalog.sh finished: " + output).isTrue();
        assertThat(process.exitValue()).as("load-catalog.sh: " + output).isZero();
    }
}
