package com.salesrank.ranker.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateManifestTest {

    private static final StateManifest MANIFEST = new StateManifest(7, 168,
            List.of("file:/logs", "s3a://bucket/logs with space,comma/"), Instant.parse("2026-11-20T13:20:00Z"),
            List.of(new TotalsPart("gen-000000000007/totals/part-r-00000", 1234, 56, 3_000_000_000L)),
            new TotalsPart("gen-000000000007/totals/index", 99, 3, 42),
            List.of(new SliceEntry("gen-000000000006/slices/s-0", 491_000, 29_460_000, 29_460_059, 10, 77,
                            new InputFileId("file:/logs/2026/11/20/13/a.log", 500, 1_700_000_000_000L, "")),
                    new SliceEntry("gen-000000000007/slices/s-3", SliceEntry.NO_FOLDER, Long.MAX_VALUE, Long.MIN_VALUE, 0, 0,
                            new InputFileId("s3a://bucket/x\ty.log", 0, 1, "\"etag-1\""))));

    @Test
    void roundTripsEveryField() throws Exception {
        assertThat(StateManifest.parse(MANIFEST.format(), "m")).isEqualTo(MANIFEST);
    }

    @Test
    void anEditedOrTornManifestIsRefusedByItsChecksum() {
        String text = MANIFEST.format();
        assertThatThrownBy(() -> StateManifest.parse(text.replace("168", "167"), "MANIFEST-7"))
                .isInstanceOf(StateException.class).hasMessageContaining("MANIFEST-7 fails its checksum");
        assertThatThrownBy(() -> StateManifest.parse(text.substring(0, text.length() / 2), "MANIFEST-7"))
                .isInstanceOf(StateException.class).hasMessageContaining("truncated");
    }

    @Test
    void anotherFormatVersionIsNamed() {
        String text = MANIFEST.format().replaceFirst("salesrank-state\t1", "salesrank-state\t2");
        assertThatThrownBy(() -> StateManifest.parse(text, "MANIFEST-7"))
                .isInstanceOf(StateException.class).hasMessageContaining("format version 2, this job reads 1");
    }
}
