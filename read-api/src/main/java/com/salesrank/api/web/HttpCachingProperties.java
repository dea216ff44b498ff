package com.salesrank.api.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param publishInterval how often the ranking job publishes; Cache-Control's
 *                        max-age reaches to the next expected publish
 *                        (SALESRANK_HTTP_PUBLISH_INTERVAL)
 * @param headPublishInterval how often the head ranking is published; an answer the head gave
 *                        is kept until the next expected head publish
 *                        (SALESRANK_HTTP_HEAD_PUBLISH_INTERVAL)
 */
@ConfigurationProperties("salesrank.http")
public record HttpCachingProperties(@DefaultValue("1h") Duration publishInterval,
        @DefaultValue("10m") Duration headPublishInterval) {

    public HttpCachingProperties {
        if (publishInterval.isNegative() || publishInterval.isZero()) {
            throw new IllegalArgumentException("salesrank.http.publish-interval must be positive");
        }
        if (headPublishInterval.isNegative() || headPublishInterval.isZero()) {
            throw new IllegalArgumentException("salesrank.http.head-publish-interval must be positive");
        }
    }
}
