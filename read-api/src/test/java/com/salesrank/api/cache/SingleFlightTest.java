package com.salesrank.api.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SingleFlightTest {

    final SingleFlight<String> flights = new SingleFlight<>();
    final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void concurrentLoadsOfOneKeyRunTheLoaderOnce() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        Future<SingleFlight.Outcome<String>> leader = pool.submit(() -> flights.load("k", () -> {
            loads.incrementAndGet();
            hold(release);
            return "value";
        }));
        await().atMost(5, TimeUnit.SECONDS).until(() -> flights.inFlight() == 1);

        List<Future<SingleFlight.Outcome<String>>> followers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            followers.add(pool.submit(() -> flights.load("k", () -> {
                loads.incrementAndGet();
                return "second load";
            })));
        }
        Thread.sleep(100); // let the followers reach the in-flight load
        release.countDown();

        assertThat(leader.get(5, TimeUnit.SECONDS)).isEqualTo(new SingleFlight.Outcome<>("value", false));
        for (Future<SingleFlight.Outcome<String>> follower : followers) {
            assertThat(follower.get(5, TimeUnit.SECONDS).value()).isEqualTo("value");
        }
        assertThat(loads).hasValue(1);
        assertThat(flights.inFlight()).isZero();
    }

    @Test
    void followersReceiveTheLeadersFailure() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Future<?> leader = pool.submit(() -> flights.load("k", () -> {
            hold(release);
            throw new IllegalStateException("database down");
        }));
        await().atMost(5, TimeUnit.SECONDS).until(() -> flights.inFlight() == 1);
        Future<SingleFlight.Outcome<String>> follower = pool.submit(() -> flights.load("k", () -> "never"));
        Thread.sleep(100);
        release.countDown();

        assertThatThrownBy(() -> leader.get(5, TimeUnit.SECONDS)).hasRootCauseMessage("database down");
        // the follower either joined and got the failure, or came after and loaded itself
        try {
            SingleFlight.Outcome<String> outcome = follower.get(5, TimeUnit.SECONDS);
            assertThat(outcome).isEqualTo(new SingleFlight.Outcome<>("never", false));
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e).hasRootCauseMessage("database down");
        }
        assertThat(flights.inFlight()).isZero();
    }

    @Test
    void aFinishedLoadIsNotRemembered() {
        AtomicInteger loads = new AtomicInteger();
        flights.load("k", () -> "v" + loads.incrementAndGet());
        assertThat(flights.load("k", () -> "v" + loads.incrementAndGet()).value()).isEqualTo("v2");
    }

    @Test
    void differentKeysDoNotWaitForEachOther() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Future<?> slow = pool.submit(() -> flights.load("a", () -> {
            hold(release);
            return "a";
        }));
        await().atMost(5, TimeUnit.SECONDS).until(() -> flights.inFlight() == 1);
        assertThat(pool.submit(() -> flights.load("b", () -> "b")).get(5, TimeUnit.SECONDS).value()).isEqualTo("b");
        release.countDown();
        slow.get(5, TimeUnit.SECONDS);
    }

    private static void hold(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released");
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
