package com.salesrank.api.web;

import jakarta.servlet.http.HttpServletRequest;

import com.salesrank.api.web.InvalidParameterException.Reason;

/**
 * Strict parsing of integer request parameters: decimal digits only (an
 * optional leading minus), within bounds, given at most once. A parameter
 * given twice is refused rather than silently taking the first value: for
 * {@code category_id=1&category_id=2} any choice would be a guess, and a cache
 * in front of us might have keyed the response on the other one.
 *
 * <p>Not Bean Validation: binding takes the first of repeated values before any constraint runs, so
 * the repeat could not be refused, and the cache-hit fast path parses its query before Spring MVC
 * binds anything. Every parameter error becomes the same problem document either way.
 */
public final class RequestParameters {

    private RequestParameters() {
    }

    public static int requiredInt(HttpServletRequest request, String name, int min, int max) {
        String value = single(request, name);
        if (value == null) {
            throw new InvalidParameterException(name, Reason.MISSING,
                    "query parameter '" + name + "' is required (an integer from " + min + " to " + max + ")");
        }
        return (int) parse(name, value, min, max);
    }

    public static int optionalInt(HttpServletRequest request, String name, int defaultValue, int min, int max) {
        String value = single(request, name);
        return value == null ? defaultValue : (int) parse(name, value, min, max);
    }

    /** Parses a path segment or parameter value already extracted by the caller. */
    public static long parse(String name, String value, long min, long max) {
        if (!isInteger(value)) {
            throw new InvalidParameterException(name, Reason.NOT_A_NUMBER,
                    "'" + name + "' must be an integer from " + min + " to " + max + ", got '" + shorten(value) + "'");
        }
        long parsed;
        boolean overflow = false;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException tooManyDigits) {
            parsed = 0;
            overflow = true;
        }
        if (overflow || parsed < min || parsed > max) {
            throw new InvalidParameterException(name, Reason.OUT_OF_RANGE,
                    "'" + name + "' must be from " + min + " to " + max + ", got " + shorten(value));
        }
        return parsed;
    }

    private static String single(HttpServletRequest request, String name) {
        String[] values = request.getParameterValues(name);
        if (values == null || values.length == 0) {
            return null;
        }
        if (values.length > 1) {
            throw new InvalidParameterException(name, Reason.REPEATED,
                    "query parameter '" + name + "' was given " + values.length + " times; give it once");
        }
        return values[0];
    }

    private static boolean isInteger(String value) {
        int start = value.startsWith("-") ? 1 : 0;
        if (value.length() == start) {
            return false;
        }
        for (int i = start; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    // Echo at most 40 characters of what the client sent, never a control character.
    private static String shorten(String value) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        StringBuilder clean = new StringBuilder(shown.length());
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            clean.append(Character.isISOControl(c) ? '?' : c);
        }
        return clean.toString();
    }
}
