package com.salesrank.api.web;

import java.io.IOException;
import java.io.PrintWriter;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's last word on a response, in place of its HTML ErrorReportValve:
 * any 4xx or 5xx that leaves the application (or never reached it) without a
 * body gets an application/problem+json body. That covers what the container
 * rejects before Spring sees the request (an encoded '/' or NUL in the path,
 * an unsupported Expect) and bodiless errors from components that set a
 * status without writing (Actuator's 404 for an unknown health path).
 * Responses that already have a body or are committed are left alone.
 */
class ProblemReportValve extends ErrorReportValve {

    private static final Logger log = LoggerFactory.getLogger(ProblemReportValve.class);

    ProblemReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        // marks a sendError() as reported; a plain setStatus() leaves nothing to mark
        response.setErrorReported();
        if (throwable != null && status >= 500) { // a 4xx here is the container refusing the client's request
            log.error("{} for {}: {}", status, request.getRequestURI(), ApiExceptionHandler.oneLine(throwable));
        }
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) { // null: already hard-committed, nothing can be written
                writer.write(Problems.json(Problems.document(status, null, Problems.title(status),
                        Problems.detailFor(status), request.getRequestURI())));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away or the response cannot take a body any more
        }
    }
}
