package com.salesrank.api.ranking;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class FastPathConfiguration {

    @Bean
    FilterRegistrationBean<CacheHitFastPath> cacheHitFastPath(RankingService rankings,
            CachedPageResponses responses) {
        FilterRegistrationBean<CacheHitFastPath> registration =
                new FilterRegistrationBean<>(new CacheHitFastPath(rankings, responses));
        registration.addUrlPatterns(CacheHitFastPath.PATH);
        // after every filter Boot registers, the observation filter (metrics) included
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
        return registration;
    }
}
