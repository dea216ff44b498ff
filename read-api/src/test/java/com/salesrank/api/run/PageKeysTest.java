package com.salesrank.api.run;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How pages are named, and which run a client's If-None-Match names (what decides whether it may see the run loading ahead). */
class PageKeysTest {

    @Test
    void theHighestRunNamedInAnyTag() {
        assertThat(PageKeys.newestRunNamed("\"61:cat:7:0:10\"")).isEqualTo(61);
        assertThat(PageKeys.newestRunNamed("W/\"61:cat:7:0:10\"")).isEqualTo(61);
        assertThat(PageKeys.newestRunNamed("\"59:cat:7:0:10\", W/\"62:cat:7:0:10\"")).isEqualTo(62);
        assertThat(PageKeys.newestRunNamed("\"61+59:product:100\"")).isEqualTo(61);
        assertThat(PageKeys.newestRunNamed("\"58+63:product:100\"")).isEqualTo(63);
    }

    @Test
    void aPageComposedOfAnswersIsKeyedByTheRunsTheirTagNames() {
        assertThat(PageKeys.runsOf(PageKeys.etag("61+59", "product:100"))).isEqualTo("61+59");
        assertThat(PageKeys.runsOf(PageKeys.etag(61, "cat:7:0:20"))).isEqualTo("61");
        assertThat(PageKeys.runsOf("\"x:cat:7\"")).isNull();
        assertThat(PageKeys.runsOf("W/\"61:cat:7\"")).as("only the tags we make, never a client's").isNull();
    }

    @Test
    void tagsThatAreNotOursNameNoRun() {
        assertThat(PageKeys.newestRunNamed("*")).isEqualTo(-1);
        assertThat(PageKeys.newestRunNamed("garbage")).isEqualTo(-1);
        assertThat(PageKeys.newestRunNamed("\"abc:cat:1\"")).isEqualTo(-1);
        assertThat(PageKeys.newestRunNamed("\"61\"")).isEqualTo(-1);
        assertThat(PageKeys.newestRunNamed("\"99999999999999999999999:cat:1\"")).isEqualTo(-1);
        assertThat(PageKeys.newestRunNamed("\"")).isEqualTo(-1);
    }

    @Test
    void theRunsOfEveryTagWeMakeAreReadBack() {
        String full = PageKeys.etag(61, "cat:7:0:10");
        String head = PageKeys.etag(PageKeys.runs(63, 58), "product:100");
        String headOnly = PageKeys.etag(PageKeys.runs(64, -1), "product:100");
        assertThat(PageKeys.newestRunNamed(full)).isEqualTo(61);
        assertThat(PageKeys.newestRunNamed(head)).isEqualTo(63);
        assertThat(PageKeys.newestRunNamed(headOnly)).isEqualTo(64);
        // nginx's gzip weakens a tag: the run is still read
        assertThat(PageKeys.newestRunNamed("W/" + full)).isEqualTo(61);
    }

    @Test
    void aPageKeyAndItsTagNameTheSameRuns() {
        assertThat(PageKeys.key("salesrank", PageKeys.runs(63, 58), "product:100"))
                .isEqualTo("salesrank:run:63+58:product:100");
        assertThat(PageKeys.etag(PageKeys.runs(63, 58), "product:100")).isEqualTo("\"63+58:product:100\"");
        assertThat(PageKeys.beforeAnyRun("salesrank", "cat:7:0:10")).isEqualTo("salesrank:norun:cat:7:0:10");
    }
}
