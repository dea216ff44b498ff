package com.salesrank.api.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request path with a broken percent-encoding before anything else
 * sees it. Tomcat decodes the path strictly but leaves path parameters
 * ({@code /x;p=%G0}) undecoded, and Spring MVC decodes the whole path again
 * when it writes any body (its check against reflected file downloads) and
 * throws on the bad escape: a 500, even while writing the error for it. So the
 * answer is written here, without Spring MVC.
 */
class MalformedPathFilter extends OncePerRequestFilter {

    static final String DETAIL = "the request path has an invalid percent-encoding: every '%' must be followed "
            + "by two hexadecimal digits";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (wellEncoded(request.getRequestURI())) {
            chain.doFilter(request, response);
            return;
        }
        Problems.write(response, Problems.document(HttpServletResponse.SC_BAD_REQUEST, null,
                Problems.title(HttpServletResponse.SC_BAD_REQUEST), DETAIL, null));
    }

    static boolean wellEncoded(String path) {
        if (path == null) {
            return true;
        }
        for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 3)) {
            if (i + 2 >= path.length() || !hex(path.charAt(i + 1)) || !hex(path.charAt(i + 2))) {
                return false;
            }
        }
        return true;
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
