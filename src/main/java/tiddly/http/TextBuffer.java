package tiddly.http;

import java.io.Writer;

/**
 * A Writer into a StringBuilder. java.io.StringWriter appends to a StringBuffer, which locks on
 * every call, and a JSON writer calls it several times per value.
 */
final class TextBuffer extends Writer {
    private final StringBuilder text;

    TextBuffer(int capacity) {
        this.text = new StringBuilder(capacity);
    }

    @Override
    public void write(int c) {
        text.append((char) c);
    }

    @Override
    public void write(char[] chars, int offset, int length) {
        text.append(chars, offset, length);
    }

    @Override
    public void write(String string, int offset, int length) {
        text.append(string, offset, offset + length);
    }

    @Override
    public Writer append(CharSequence chars) {
        text.append(chars);
        return this;
    }

    int length() {
        return text.length();
    }

    /** Empties the buffer, keeping its capacity. */
    void clear() {
        text.setLength(0);
    }

    @Override
    public String toString() {
        return text.toString();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
