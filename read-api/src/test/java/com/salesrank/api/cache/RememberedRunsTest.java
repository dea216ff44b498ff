package com.salesrank.api.cache;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.ValueOperations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/** The live runs shared through Redis, with Redis's client mocked (the outage ITs use a real Redis). */
class RememberedRunsTest {

    @SuppressWarnings("unchecked")
    final RedisTemplate<String, byte[]> template = mock(RedisTemplate.class);
    @SuppressWarnings("unchecked")
    final ValueOperations<String, byte[]> values = mock(ValueOperations.class);

    @BeforeEach
    void wireRedis() {
        given(template.opsForValue()).willReturn(values);
    }

    RememberedRuns remembered() {
        CacheProperties properties = RankingCacheTest.properties(true, true);
        RedisBreaker breaker = new RedisBreaker(CircuitBreaker.of("redis",
                RedisBreaker.config(properties.redis(), Clock.systemUTC())));
        return new RememberedRuns(properties, new RedisPageStore(template, breaker, new SimpleMeterRegistry()));
    }

    @Test
    void theCurrentRunIdIsSharedThroughRedis() {
        RememberedRuns cache = remembered();
        cache.rememberCurrentRun(42);
        ArgumentCaptor<byte[]> stored = ArgumentCaptor.forClass(byte[].class);
        verify(values).set(eq("salesrank:v1:run:current"), stored.capture(), any(Duration.class));

        given(values.get("salesrank:v1:run:current")).willReturn(stored.getValue());
        assertThat(cache.rememberedCurrentRun()).isEqualTo(42);
        given(values.get("salesrank:v1:run:current")).willReturn(null);
        assertThat(cache.rememberedCurrentRun()).isEqualTo(-1);
    }

    @Test
    void whatAnswersPagesWithinTheHeadIsSharedThroughRedis() {
        RememberedRuns cache = remembered();
        cache.rememberHead(61, 100);
        ArgumentCaptor<byte[]> stored = ArgumentCaptor.forClass(byte[].class);
        verify(values).set(eq("salesrank:v1:run:current:head"), stored.capture(), any(Duration.class));

        given(values.get("salesrank:v1:run:current:head")).willReturn(stored.getValue());
        assertThat(cache.rememberedHead()).isEqualTo(new RememberedRuns.RememberedHead(61, 100));

        cache.rememberHead(-1, 0); // the full ranking answers every page
        verify(values, times(2)).set(eq("salesrank:v1:run:current:head"), stored.capture(), any(Duration.class));
        given(values.get("salesrank:v1:run:current:head")).willReturn(stored.getValue());
        assertThat(cache.rememberedHead()).isNull();

        given(values.get("salesrank:v1:run:current:head")).willReturn("garbage".getBytes(StandardCharsets.US_ASCII));
        assertThat(cache.rememberedHead()).isNull();
        given(values.get("salesrank:v1:run:current:head")).willReturn(null);
        assertThat(cache.rememberedHead()).isNull();
    }
}
