package com.salesrank.api.openapi;

/** The tags that group the API's operations; a generated client has one API class per tag. */
public final class ApiTags {

    public static final String RANKINGS = "rankings";
    public static final String HISTORY = "history";

    private ApiTags() {
    }
}
