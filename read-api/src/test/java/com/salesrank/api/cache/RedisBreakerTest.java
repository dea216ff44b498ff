package com.salesrank.api.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Redis breaker's rules, on Resilience4j's real breaker driven by a clock the test moves. */
class RedisBreakerTest {

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-01T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MovableClock clock = new MovableClock();
    final CacheProperties.Redis settings = new CacheProperties.Redis(true, Duration.ofMinutes(65), "salesrank:v1", 3,
            Duration.ofSeconds(5));
    final CircuitBreaker resilience4j = CircuitBreaker.of("redis", RedisBreaker.config(settings, clock));
    final RedisBreaker breaker = new RedisBreaker(resilience4j);

    void advance(Duration d) {
        clock.now = clock.now.plus(d);
    }

    @Test
    void staysClosedBelowTheThresholdAndASuccessBreaksTheRun() {
        fail();
        fail();
        breaker.onSuccess(breaker.tryAcquire());
        fail();
        fail();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.tryAcquire()).isNotNull();
    }

    @Test
    void opensAfterThresholdConsecutiveFailuresAndRefusesUntilTheDelayPasses() {
        failThreeTimes();
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.tryAcquire()).isNull();
        advance(Duration.ofMillis(4999));
        assertThat(breaker.tryAcquire()).isNull();
    }

    @Test
    void halfOpensAfterTheDelayWithExactlyOneTrialWhoseSuccessCloses() {
        failThreeTimes();
        advance(Duration.ofMillis(5001));
        RedisBreaker.Permit trial = breaker.tryAcquire();
        assertThat(trial).isNotNull();
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).as("a second caller while the trial runs").isNull();

        breaker.onSuccess(trial);

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.tryAcquire()).isNotNull();
    }

    @Test
    void aFailedTrialOpensAgainForAnotherDelay() {
        failThreeTimes();
        advance(Duration.ofMillis(5001));
        breaker.onFailure(breaker.tryAcquire(), new IllegalStateException("still down"), "still down");
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        advance(Duration.ofSeconds(4));
        assertThat(breaker.tryAcquire()).isNull();
        advance(Duration.ofMillis(1001));
        assertThat(breaker.tryAcquire()).isNotNull();
    }

    /** Why RedisBreaker exists: the library alone closes on a straggler's success. */
    @Test
    void resilience4jAloneClosesAHalfOpenBreakerOnAStragglersSuccess() {
        CircuitBreaker bare = CircuitBreaker.of("bare", RedisBreaker.config(settings, clock));
        assertThat(bare.tryAcquirePermission()).isTrue(); // the straggler, let through while closed
        for (int i = 0; i < 3; i++) {
            assertThat(bare.tryAcquirePermission()).isTrue();
            bare.onError(1, java.util.concurrent.TimeUnit.MILLISECONDS, new IllegalStateException("down"));
        }
        advance(Duration.ofMillis(5001));
        assertThat(bare.tryAcquirePermission()).as("the trial").isTrue();

        bare.onSuccess(1, java.util.concurrent.TimeUnit.MILLISECONDS); // the straggler reports

        assertThat(bare.getState()).isEqualTo(State.CLOSED);
    }

    @Test
    void aStragglersSuccessDoesNotCloseAHalfOpenBreaker() {
        RedisBreaker.Permit straggler = breaker.tryAcquire(); // let through while closed, finishing late
        failThreeTimes();
        advance(Duration.ofMillis(5001));
        RedisBreaker.Permit trial = breaker.tryAcquire();
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);

        breaker.onSuccess(straggler);

        assertThat(breaker.state()).as("only the trial decides").isEqualTo(State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).isNull();
        breaker.onFailure(trial, new IllegalStateException("still down"), "still down");
        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    @Test
    void aStragglersSuccessDoesNotCloseAnOpenBreaker() {
        RedisBreaker.Permit straggler = breaker.tryAcquire();
        failThreeTimes();
        breaker.onSuccess(straggler);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        advance(Duration.ofMillis(5001));
        breaker.onFailure(breaker.tryAcquire(), new IllegalStateException("still down"), "still down");
        assertThat(breaker.state()).as("the straggler did not count as the trial").isEqualTo(State.OPEN);
    }

    @Test
    void aStragglersFailureDoesNotCountAgainstTheNextClosedPeriod() {
        RedisBreaker.Permit straggler = breaker.tryAcquire();
        failThreeTimes();
        advance(Duration.ofMillis(5001));
        breaker.onSuccess(breaker.tryAcquire());
        assertThat(breaker.state()).isEqualTo(State.CLOSED);

        breaker.onFailure(straggler, new IllegalStateException("from before"), "from before");
        fail();
        fail();

        assertThat(breaker.state()).as("two failures of its own, under the threshold of 3").isEqualTo(State.CLOSED);
    }

    private void fail() {
        breaker.onFailure(breaker.tryAcquire(), new IllegalStateException("connection refused"), "connection refused");
    }

    private void failThreeTimes() {
        for (int i = 0; i < 3; i++) {
            RedisBreaker.Permit permit = breaker.tryAcquire();
            assertThat(permit).isNotNull();
            breaker.onFailure(permit, new IllegalStateException("connection refused"), "connection refused");
        }
    }
}
