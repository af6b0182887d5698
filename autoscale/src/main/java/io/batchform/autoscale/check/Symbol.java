package io.batchform.autoscale.check;

import io.batchform.autoscale.lang.DeallocationOption;
import io.batchform.autoscale.lang.SystemVariable;
import io.batchform.autoscale.lang.TimeIntervalConstant;

/** What a name in a formula refers to, as decided by the checker. */
public sealed interface Symbol {
    /** A service-defined variable, reached by its name or an alias. */
    record System(SystemVariable variable) implements Symbol {
    }

    /** A user variable, by the exact spelling written (with or without {@code $}). */
    record User(String name) implements Symbol {
    }

    record TimeInterval(TimeIntervalConstant constant) implements Symbol {
    }

    record Deallocation(DeallocationOption option) implements Symbol {
    }

    /** A name that is not defined where it is read; reading it fails the evaluation, as in the service. */
    record Undefined(String name) implements Symbol {
    }
}
