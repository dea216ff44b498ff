package com.salesrank.api.openapi;

import java.util.ArrayList;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * The response bodies are records that Jackson writes with every property (default inclusion,
 * null only where the schema says nullable). swagger-core marks none of them required, so a
 * generated client would treat every field as optional; this marks every property of a schema
 * that declares no required list of its own as required.
 */
final class AlwaysPresentProperties implements OpenApiCustomizer {

    @Override
    public void customise(OpenAPI document) {
        if (document.getComponents() == null || document.getComponents().getSchemas() == null) {
            return;
        }
        for (Schema<?> schema : document.getComponents().getSchemas().values()) {
            if (schema.getRequired() == null && schema.getProperties() != null) {
                schema.setRequired(new ArrayList<>(schema.getProperties().keySet()));
            }
        }
    }
}
