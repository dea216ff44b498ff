package com.salesrank.api.ranking;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class FastPathConfiguration {

    @Bean
    FilterRegistrationBean<NearCacheFastPath> nearCacheFastPath(RankingService rankings,
            CachedPageResponses responses) {
        FilterRegistrationBean<NearCacheFastPath> registration =
                new FilterRegistrationBean<>(new NearCacheFastPath(rankings, responses));
        registration.addUrlPatterns(NearCacheFastPath.PATH);
        // after every filter Boot registers, the observation filter (metrics) included
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
        return registration;
    }
}
