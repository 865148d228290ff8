package dev.smidgen.model.uploads;

import java.util.Optional;

/** The comparison operators of upload rules, by their wire symbol. */
enum Comparison {
    EQUAL("=="),
    NOT_EQUAL("!="),
    GREATER(">"),
    LESS("<"),
    GREATER_OR_EQUAL(">="),
    LESS_OR_EQUAL("<=");

    /** The symbols in the order error messages list them. */
    static final String ALL = "==, !=, >, <, >=, <=";

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    String symbol() {
        return symbol;
    }

    static Optional<Comparison> fromSymbol(Object value) {
        for (Comparison c : values()) {
            if (c.symbol.equals(value)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Whether this operator only asks "same or not", the only question text values can answer. */
    boolean isEquality() {
        return this == EQUAL || this == NOT_EQUAL;
    }

    /** Whether an ordering of actual against expected (as from {@code compareTo}) satisfies this operator. */
    boolean test(int order) {
        return switch (this) {
            case EQUAL -> order == 0;
            case NOT_EQUAL -> order != 0;
            case GREATER -> order > 0;
            case LESS -> order < 0;
            case GREATER_OR_EQUAL -> order >= 0;
            case LESS_OR_EQUAL -> order <= 0;
        };
    }
}
