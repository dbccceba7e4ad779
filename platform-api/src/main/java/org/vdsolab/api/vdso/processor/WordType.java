package org.vdsolab.api.vdso.processor;

import javax.lang.model.type.TypeKind;

/**
 * The element types shared data may use, and how each maps onto {@code WordMemory}'s long and int
 * words ({@code double} and {@code float} travel as their raw bits).
 */
enum WordType {
    LONG("long", 8, "Long", "", ""),
    INT("int", 4, "Int", "", ""),
    DOUBLE("double", 8, "Long", "Double.doubleToRawLongBits(", "Double.longBitsToDouble("),
    FLOAT("float", 4, "Int", "Float.floatToRawIntBits(", "Float.intBitsToFloat(");

    /** The Java type accessors take and return. */
    final String javaType;
    /** Bytes per element; also its alignment. */
    final int bytes;
    /** The WordMemory word: "Long" or "Int". */
    final String word;
    private final String toRaw;
    private final String fromRaw;

    WordType(String javaType, int bytes, String word, String toRaw, String fromRaw) {
        this.javaType = javaType;
        this.bytes = bytes;
        this.word = word;
        this.toRaw = toRaw;
        this.fromRaw = fromRaw;
    }

    /** The word type for a primitive kind, or null if shared data cannot hold it. */
    static WordType of(TypeKind kind) {
        return switch (kind) {
            case LONG -> LONG;
            case INT -> INT;
            case DOUBLE -> DOUBLE;
            case FLOAT -> FLOAT;
            default -> null;
        };
    }

    /** Converts a value expression of {@link #javaType} to the raw word. */
    String toRaw(String expr) {
        return toRaw.isEmpty() ? expr : toRaw + expr + ")";
    }

    /** Converts a raw word expression to {@link #javaType}. */
    String fromRaw(String expr) {
        return fromRaw.isEmpty() ? expr : fromRaw + expr + ")";
    }

    /** Whether WordMemory offers an atomic getAndAdd for this type (integers only). */
    boolean hasGetAndAdd() {
        return this == LONG || this == INT;
    }

    /** Whether WordMemory offers an atomic getAndSet for this type (long words only). */
    boolean hasGetAndSet() {
        return word.equals("Long");
    }
}
