package org.vdsolab.experiments.runner.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A scalar config value: its text (normalised for numbers, so {@code 1_000} is {@code 1000} and
 * {@code 1e6} is {@code 1000000}), its YAML type and its origin. Immutable.
 *
 * @param text   the value as workloads receive it in {@code WorkloadContext.params()}
 * @param type   the type YAML resolved
 * @param origin where it was written
 */
public record ConfigScalar(String text, Type type, Origin origin) implements ConfigNode {

    /** The YAML type of a scalar. */
    public enum Type { STRING, INTEGER, DECIMAL, BOOLEAN, NULL }

    public ConfigScalar {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(origin, "origin");
    }

    @Override
    public String shape() {
        return "a scalar";
    }

    /** True for integers and decimals. */
    public boolean isNumber() {
        return type == Type.INTEGER || type == Type.DECIMAL;
    }

    /**
     * The value as a Java object for JSON and YAML output: {@link Long} or {@link BigInteger},
     * {@link BigDecimal} (or {@link Long} when it is integral), {@link Boolean}, {@link String},
     * or null.
     */
    public Object typedValue() {
        return switch (type) {
            case INTEGER -> {
                BigInteger big = new BigInteger(text);
                yield big.bitLength() < 64 ? (Object) big.longValue() : big;
            }
            case DECIMAL -> {
                BigDecimal d = new BigDecimal(text);
                yield d.scale() <= 0 && d.toBigInteger().bitLength() < 64 ? (Object) d.longValueExact() : d;
            }
            case BOOLEAN -> Boolean.parseBoolean(text);
            case NULL -> null;
            case STRING -> text;
        };
    }
}
