package dev.smidgen.devstack.traces;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the protobuf wire format, field by field: enough for the OTLP trace export request, without
 * generated classes (devstack has no protobuf runtime). Malformed input throws
 * {@link IllegalArgumentException}; nothing is read past the given bounds.
 */
final class ProtoReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final byte[] buf;
    private int pos;
    private final int end;
    private int tag;

    ProtoReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    private ProtoReader(byte[] buf, int from, int to) {
        this.buf = buf;
        this.pos = from;
        this.end = to;
    }

    /** Moves to the next field; false at the end of the message. */
    boolean next() {
        if (pos >= end) {
            return false;
        }
        tag = (int) varint();
        return true;
    }

    int field() {
        return tag >>> 3;
    }

    int wireType() {
        return tag & 7;
    }

    long varint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = byteAt(pos++);
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint too long");
    }

    long fixed64() {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value |= (long) (byteAt(pos++) & 0xff) << (8 * i);
        }
        return value;
    }

    byte[] bytes() {
        int length = length();
        byte[] out = Arrays.copyOfRange(buf, pos, pos + length);
        pos += length;
        return out;
    }

    String string() {
        int length = length();
        String out = new String(buf, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return out;
    }

    /** The embedded message of the current field. */
    ProtoReader message() {
        int length = length();
        ProtoReader inner = new ProtoReader(buf, pos, pos + length);
        pos += length;
        return inner;
    }

    void skip() {
        switch (wireType()) {
            case VARINT -> varint();
            case FIXED64 -> advance(8);
            case LENGTH_DELIMITED -> advance(length());
            case FIXED32 -> advance(4);
            default -> throw new IllegalArgumentException("unsupported wire type " + wireType());
        }
    }

    private int length() {
        long length = varint();
        if (length < 0 || length > end - pos) {
            throw new IllegalArgumentException("length " + length + " past the end of the message");
        }
        return (int) length;
    }

    private void advance(int n) {
        if (n > end - pos) {
            throw new IllegalArgumentException("field past the end of the message");
        }
        pos += n;
    }

    private byte byteAt(int at) {
        if (at >= end) {
            throw new IllegalArgumentException("truncated message");
        }
        return buf[at];
    }
}
