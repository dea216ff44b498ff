package com.salesrank.api.cache;

import io.lettuce.core.ClientOptions;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;

@Configuration(proxyBeanMethods = false)
class CacheConfiguration {

    /**
     * While Lettuce is disconnected it would queue commands and let each wait
     * out its timeout; rejecting them makes a dead Redis fail in microseconds.
     * Lettuce keeps reconnecting in the background, so caching resumes by itself.
     */
    @Bean
    LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
        return options -> options
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    @Bean
    RedisTemplate<String, byte[]> rankingRedisTemplate(RedisConnectionFactory connections) {
        RedisTemplate<String, byte[]> template = new RedisTemplate<>();
        template.setConnectionFactory(connections);
        template.setKeySerializer(RedisSerializer.string());
        template.setValueSerializer(RedisSerializer.byteArray());
        template.setEnableDefaultSerializer(false);
        template.afterPropertiesSet();
        return template;
    }

    @Bean
    CircuitBreaker redisCircuitBreaker(CacheProperties properties) {
        return new CircuitBreaker("redis", properties.redis().failureThreshold(), properties.redis().openDuration(),
                System::nanoTime);
    }

    @Bean
    RedisPageStore redisPageStore(RedisTemplate<String, byte[]> rankingRedisTemplate,
            CircuitBreaker redisCircuitBreaker, MeterRegistry meters) {
        return new RedisPageStore(rankingRedisTemplate, redisCircuitBreaker, meters);
    }

    @Bean
    RankingCache rankingCache(CacheProperties properties, RedisPageStore redisPageStore, MeterRegistry meters) {
        return new RankingCache(properties, properties.redis().enabled() ? redisPageStore : null, meters);
    }
}
