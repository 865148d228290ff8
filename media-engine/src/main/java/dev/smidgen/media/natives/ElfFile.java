package dev.smidgen.media.natives;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A memory-mapped 64-bit little-endian ELF file (x86_64 and aarch64 Linux), with the few views and
 * in-place edits that {@link DeviceLibraryUnlinker} needs: the dynamic section's {@code DT_NEEDED}
 * entries, the version-needs chain and the dynamic symbols.
 *
 * <p>Every edit keeps the file's size and layout: entries are dropped from a list or a chain, flags
 * and indices are rewritten, nothing moves. That is what makes a few hundred lines enough, where a
 * general ELF editor (patchelf) has to be able to grow sections.
 */
final class ElfFile implements AutoCloseable {
    private static final long DT_NULL = 0;
    private static final long DT_NEEDED = 1;
    private static final long DT_VERNEED = 0x6ffffffeL;
    private static final long DT_VERNEEDNUM = 0x6fffffffL;
    private static final int SHT_DYNAMIC = 6;
    private static final int SHT_DYNSYM = 11;
    private static final int SHT_GNU_VERNEED = 0x6ffffffe;
    private static final int SHT_GNU_VERSYM = 0x6fffffff;
    private static final int DYN_ENTRY = 16;
    private static final int SYM_ENTRY = 24;
    private static final int STB_WEAK = 2;
    /** Version index of a symbol bound to no particular version ({@code VER_NDX_GLOBAL}). */
    static final int UNVERSIONED = 1;

    private final FileChannel channel;
    private final MappedByteBuffer image;
    private final Path path;
    private final Section dynamic;
    private final Section dynstr;
    private final Section dynsym;
    private final Section symstr;
    private final Section versym;
    private final Section verneed;

    /** One section header: where it sits in the file and the fields the edits use. */
    private record Section(long headerOffset, int type, long offset, long size, int link) {}

    /** One {@code Elf64_Verneed} entry: the library {@code file} and the version indices it provides. */
    record VersionNeed(long offset, String file, Set<Integer> versionIndices) {}

    /** One dynamic symbol: table index, name, whether it is undefined here, its version index. */
    record DynamicSymbol(int index, String name, boolean undefined, int versionIndex) {}

    private ElfFile(Path path, FileChannel channel, MappedByteBuffer image) throws IOException {
        this.path = path;
        this.channel = channel;
        this.image = image;
        image.order(ByteOrder.LITTLE_ENDIAN);
        if (image.limit() < 64 || image.getInt(0) != 0x464c457f) {
            throw new IOException(path + " is not an ELF file");
        }
        if (image.get(4) != 2 || image.get(5) != 1) {
            throw new IOException(path + " is not a 64-bit little-endian ELF file");
        }
        List<Section> sections = sections();
        this.dynamic = single(sections, SHT_DYNAMIC, true);
        this.dynstr = sections.get(dynamic.link());
        this.dynsym = single(sections, SHT_DYNSYM, false);
        this.symstr = dynsym == null ? null : sections.get(dynsym.link());
        this.versym = single(sections, SHT_GNU_VERSYM, false);
        this.verneed = single(sections, SHT_GNU_VERNEED, false);
    }

    /** Maps {@code file}, read-only or for in-place edits. */
    static ElfFile open(Path file, boolean writable) throws IOException {
        FileChannel channel = writable
                ? FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(file, StandardOpenOption.READ);
        try {
            MappedByteBuffer image = channel.map(
                    writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY, 0, channel.size());
            return new ElfFile(file, channel, image);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The libraries named by {@code DT_NEEDED}, in order. */
    List<String> needed() {
        List<String> names = new ArrayList<>();
        for (long entry = dynamic.offset(); entry < dynamic.offset() + dynamic.size(); entry += DYN_ENTRY) {
            long tag = image.getLong((int) entry);
            if (tag == DT_NULL) {
                break;
            }
            if (tag == DT_NEEDED) {
                names.add(string(image.getLong((int) entry + 8)));
            }
        }
        return names;
    }

    /**
     * Drops the {@code DT_NEEDED} entries naming {@code libraries}: the entries after them move up and the
     * freed slots at the end become {@code DT_NULL}, as {@code patchelf --remove-needed} does.
     */
    void removeNeeded(Set<String> libraries) {
        long end = dynamic.offset() + dynamic.size();
        long write = dynamic.offset();
        for (long read = dynamic.offset(); read < end; read += DYN_ENTRY) {
            long tag = image.getLong((int) read);
            long value = image.getLong((int) read + 8);
            if (tag == DT_NEEDED && libraries.contains(string(value))) {
                continue;
            }
            image.putLong((int) write, tag);
            image.putLong((int) write + 8, value);
            write += DYN_ENTRY;
        }
        for (; write < end; write += DYN_ENTRY) {
            image.putLong((int) write, DT_NULL);
            image.putLong((int) write + 8, 0);
        }
    }

    /** The version-needs chain ({@code .gnu.version_r}), empty when the file has none. */
    List<VersionNeed> versionNeeds() {
        List<VersionNeed> needs = new ArrayList<>();
        if (verneed == null) {
            return needs;
        }
        long entry = verneed.offset();
        int count = (int) dynamicValue(DT_VERNEEDNUM, 0);
        for (int i = 0; i < count; i++) {
            Set<Integer> indices = new HashSet<>();
            int auxCount = Short.toUnsignedInt(image.getShort((int) entry + 2));
            long aux = entry + Integer.toUnsignedLong(image.getInt((int) entry + 8));
            for (int j = 0; j < auxCount; j++) {
                indices.add(Short.toUnsignedInt(image.getShort((int) aux + 6)) & 0x7fff);
                aux += Integer.toUnsignedLong(image.getInt((int) aux + 12));
            }
            needs.add(new VersionNeed(entry, string(Integer.toUnsignedLong(image.getInt((int) entry + 4))), indices));
            long next = Integer.toUnsignedLong(image.getInt((int) entry + 12));
            if (next == 0) {
                break;
            }
            entry += next;
        }
        return needs;
    }

    /**
     * Unlinks the version-needs entries of {@code libraries} from the chain. The dynamic loader looks up
     * the library of every entry among the loaded ones, so an entry for a library that is no longer
     * needed would stop it (an assertion in glibc's {@code _dl_check_map_versions}).
     *
     * @return the version indices those entries provided, which no symbol may use any more
     */
    Set<Integer> unlinkVersionNeeds(Set<String> libraries) {
        Set<Integer> orphaned = new HashSet<>();
        List<VersionNeed> kept = new ArrayList<>();
        for (VersionNeed need : versionNeeds()) {
            if (libraries.contains(need.file())) {
                orphaned.addAll(need.versionIndices());
            } else {
                kept.add(need);
            }
        }
        if (orphaned.isEmpty()) {
            return orphaned;
        }
        for (int i = 0; i < kept.size(); i++) {
            long entry = kept.get(i).offset();
            long next = i + 1 < kept.size() ? kept.get(i + 1).offset() - entry : 0;
            image.putInt((int) entry + 12, (int) next);
        }
        long head = kept.isEmpty() ? verneed.offset() : kept.get(0).offset();
        long shift = head - verneed.offset();
        setDynamicValue(DT_VERNEED, dynamicValue(DT_VERNEED, 0) + shift);
        setDynamicValue(DT_VERNEEDNUM, kept.size());
        // The section header too, so that readelf and objdump read the same chain as the loader.
        image.putLong((int) verneed.headerOffset() + 24, verneed.offset() + shift);
        image.putLong((int) verneed.headerOffset() + 16, image.getLong((int) verneed.headerOffset() + 16) + shift);
        image.putInt((int) verneed.headerOffset() + 44, kept.size());
        return orphaned;
    }

    /** The dynamic symbols with their version indices ({@link #UNVERSIONED} when the file has no versions). */
    List<DynamicSymbol> dynamicSymbols() {
        List<DynamicSymbol> symbols = new ArrayList<>();
        if (dynsym == null) {
            return symbols;
        }
        int count = (int) (dynsym.size() / SYM_ENTRY);
        for (int i = 1; i < count; i++) {
            long entry = dynsym.offset() + (long) i * SYM_ENTRY;
            String name = symbolString(Integer.toUnsignedLong(image.getInt((int) entry)));
            boolean undefined = image.getShort((int) entry + 6) == 0;
            int version = versym == null
                    ? UNVERSIONED
                    : Short.toUnsignedInt(image.getShort((int) (versym.offset() + 2L * i))) & 0x7fff;
            symbols.add(new DynamicSymbol(i, name, undefined, version));
        }
        return symbols;
    }

    /**
     * Makes the undefined symbol at {@code index} a weak reference bound to no version: the loader then
     * resolves it to 0 when no loaded object defines it, instead of refusing to load, even with
     * {@code BIND_NOW}; where a definition exists it still binds to it.
     */
    void weakenUnversioned(int index) {
        long entry = dynsym.offset() + (long) index * SYM_ENTRY;
        byte info = image.get((int) entry + 4);
        image.put((int) entry + 4, (byte) ((STB_WEAK << 4) | (info & 0xf)));
        if (versym != null) {
            image.putShort((int) (versym.offset() + 2L * index), (short) UNVERSIONED);
        }
    }

    /** Writes the edits to the file. */
    void flush() {
        image.force();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private List<Section> sections() throws IOException {
        long tableOffset = image.getLong(0x28);
        int entrySize = Short.toUnsignedInt(image.getShort(0x3a));
        int count = Short.toUnsignedInt(image.getShort(0x3c));
        if (tableOffset == 0
                || count == 0
                || entrySize < 64
                || tableOffset + (long) count * entrySize > image.limit()) {
            throw new IOException(path + " has no usable section header table");
        }
        List<Section> sections = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long header = tableOffset + (long) i * entrySize;
            sections.add(new Section(
                    header,
                    image.getInt((int) header + 4),
                    image.getLong((int) header + 24),
                    image.getLong((int) header + 32),
                    image.getInt((int) header + 40)));
        }
        return sections;
    }

    private Section single(List<Section> sections, int type, boolean required) throws IOException {
        Section found = null;
        for (Section section : sections) {
            if (section.type() == type) {
                if (found != null) {
                    throw new IOException(path + " has more than one section of type 0x" + Integer.toHexString(type));
                }
                found = section;
            }
        }
        if (found == null && required) {
            throw new IOException(path + " has no section of type 0x" + Integer.toHexString(type));
        }
        if (found != null && found.offset() + found.size() > image.limit()) {
            throw new IOException(path + " is truncated");
        }
        return found;
    }

    private long dynamicValue(long tag, long fallback) {
        for (long entry = dynamic.offset(); entry < dynamic.offset() + dynamic.size(); entry += DYN_ENTRY) {
            long current = image.getLong((int) entry);
            if (current == tag) {
                return image.getLong((int) entry + 8);
            }
            if (current == DT_NULL) {
                break;
            }
        }
        return fallback;
    }

    private void setDynamicValue(long tag, long value) {
        for (long entry = dynamic.offset(); entry < dynamic.offset() + dynamic.size(); entry += DYN_ENTRY) {
            long current = image.getLong((int) entry);
            if (current == tag) {
                image.putLong((int) entry + 8, value);
                return;
            }
            if (current == DT_NULL) {
                break;
            }
        }
        throw new IllegalStateException(path + " has no dynamic entry 0x" + Long.toHexString(tag));
    }

    /** A string of the dynamic string table (the one {@code .dynamic} links to). */
    private String string(long offset) {
        return readString(dynstr, offset);
    }

    /** A string of the string table that {@code .dynsym} links to (the same table in practice). */
    private String symbolString(long offset) {
        return offset == 0 ? "" : readString(symstr, offset);
    }

    private String readString(Section table, long offset) {
        int start = (int) (table.offset() + offset);
        int end = start;
        while (end < table.offset() + table.size() && image.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - start];
        image.get(start, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
