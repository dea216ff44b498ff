package com.salesrank.api.it;

import java.net.http.HttpResponse;

import org.apache.coyote.http11.Http11Nio2Protocol;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** The service listens through Tomcat's NIO2 connector (web.HttpConnectorConfiguration says why). */
class HttpConnectorIT extends ReadApiIntegrationTest {

    @Autowired
    WebServerApplicationContext context;

    @Test
    void requestsAreServedByTheNio2Connector() throws Exception {
        TomcatWebServer server = (TomcatWebServer) context.getWebServer();

        assertThat(server.getTomcat().getConnector().getProtocolHandler()).isInstanceOf(Http11Nio2Protocol.class);
        assertThat(server.getPort()).isEqualTo(port);
        HttpResponse<String> apiDocs = get("/v3/api-docs");
        assertThat(apiDocs.statusCode()).isEqualTo(200);
    }
}
