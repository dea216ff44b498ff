package com.salesrank.ranker.state;

import java.io.IOException;

/** Another run holds the state's lock: this run must not start (EX_TEMPFAIL, 75, from the job and the scripts). */
public class StateLockedException extends IOException {

    public StateLockedException(String message) {
        super(message);
    }
}
