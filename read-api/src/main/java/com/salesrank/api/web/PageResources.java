package com.salesrank.api.web;

import java.time.Duration;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.LiteWebJarsResourceResolver;

/**
 * The static files the pages use: the charting library from its WebJar (never a CDN), addressed
 * without its version (webjars-locator-lite resolves it), and the pages' own CSS and scripts. Boot's
 * default mappings stay off (spring.web.resources.add-mappings): only these two paths serve files.
 */
@Configuration(proxyBeanMethods = false)
class PageResources implements WebMvcConfigurer {

    // a day: the versionless WebJar paths change meaning when the library is upgraded
    private static final CacheControl STATIC = CacheControl.maxAge(Duration.ofDays(1)).cachePublic();

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/webjars/**")
                .addResourceLocations("classpath:/META-INF/resources/webjars/")
                .setCacheControl(STATIC)
                .resourceChain(true)
                .addResolver(new LiteWebJarsResourceResolver());
        registry.addResourceHandler("/assets/**")
                .addResourceLocations("classpath:/static/assets/")
                .setCacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic());
    }
}
