package io.batchform.autoscale.lang;

import java.util.Arrays;
import java.util.Optional;

/** The members of a timestamp, read as {@code time().weekday}. All are doubles; times are UTC. */
public enum TimestampMember {
    YEAR("year"),
    /** 1 to 12. */
    MONTH("month"),
    /** 1 to 31. */
    DAY("day"),
    /** 1 for Monday to 7 for Sunday (ISO-8601; the documentation gives only "1 for Monday"). */
    WEEKDAY("weekday"),
    /** 0 to 23. */
    HOUR("hour"),
    MINUTE("minute"),
    SECOND("second");

    private final String memberName;

    TimestampMember(String memberName) {
        this.memberName = memberName;
    }

    public String memberName() {
        return memberName;
    }

    public static Optional<TimestampMember> byName(String name) {
        return Arrays.stream(values()).filter(m -> m.memberName.equals(name)).findFirst();
    }
}
