package com.salesrank.api.ranking;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which run a client's If-None-Match names: what decides whether it may see the run loading ahead. */
class EntityTagRunsTest {

    @Test
    void theHighestRunNamedInAnyTag() {
        assertThat(PublishedRunTracker.newestRunNamed("\"61:cat:7:0:10\"")).isEqualTo(61);
        assertThat(PublishedRunTracker.newestRunNamed("W/\"61:cat:7:0:10\"")).isEqualTo(61);
        assertThat(PublishedRunTracker.newestRunNamed("\"59:cat:7:0:10\", W/\"62:cat:7:0:10\"")).isEqualTo(62);
        assertThat(PublishedRunTracker.newestRunNamed("\"61+59:product:100\"")).isEqualTo(61);
        assertThat(PublishedRunTracker.newestRunNamed("\"58+63:product:100\"")).isEqualTo(63);
    }

    @Test
    void tagsThatAreNotOursNameNoRun() {
        assertThat(PublishedRunTracker.newestRunNamed("*")).isEqualTo(-1);
        assertThat(PublishedRunTracker.newestRunNamed("garbage")).isEqualTo(-1);
        assertThat(PublishedRunTracker.newestRunNamed("\"abc:cat:1\"")).isEqualTo(-1);
        assertThat(PublishedRunTracker.newestRunNamed("\"61\"")).isEqualTo(-1);
        assertThat(PublishedRunTracker.newestRunNamed("\"99999999999999999999999:cat:1\"")).isEqualTo(-1);
        assertThat(PublishedRunTracker.newestRunNamed("\"")).isEqualTo(-1);
    }
}
