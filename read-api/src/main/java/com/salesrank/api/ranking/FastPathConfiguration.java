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
        // right after Boot's observation filter (HIGHEST_PRECEDENCE + 1), so a hit is timed in
        // http.server.requests, and before the filters only Spring MVC needs (RequestContextFilter...)
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }
}
