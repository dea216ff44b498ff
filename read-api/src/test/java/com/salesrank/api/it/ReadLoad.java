package com.salesrank.api.it;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients reading one category's pages, each request a page no one asked for yet (a database read:
 * the offset only grows), until {@link #close()}. Records every request that did not answer 200 with
 * the expected run. Bounded (a few clients on loopback), for the outage tests.
 */
final class ReadLoad implements AutoCloseable {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger offsets = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final ExecutorService clients;
    private final List<Future<?>> load = new ArrayList<>();

    ReadLoad(int port, int clientCount, int category, long runId) {
        clients = Executors.newFixedThreadPool(clientCount);
        for (int c = 0; c < clientCount; c++) {
            load.add(clients.submit(() -> {
                while (running.get()) {
                    String path = "/api/v1/popular?category_id=" + category + "&offset=" + offsets.incrementAndGet();
                    try {
                        HttpResponse<String> response = ReadApiIntegrationTest.HTTP.send(HttpRequest
                                .newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200
                                || ReadApiIntegrationTest.json(response).get("run_id").asLong() != runId) {
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
    }

    int answered() {
        return answered.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Stops the clients and waits for their last requests. */
    @Override
    public void close() throws Exception {
        running.set(false);
        clients.shutdown();
        for (Future<?> client : load) {
            client.get();
        }
    }
}
