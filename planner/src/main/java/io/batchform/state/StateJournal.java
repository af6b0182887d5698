package io.batchform.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.address.Address;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A state's journal: the changes an apply records one resource at a time, kept beside the whole state until the apply
 * writes the state whole again, so that recording a resource costs the same however many the state holds. One format
 * and one replay for every store: {@link FileStateStore} appends the entries to {@code state.journal}, the remote
 * store appends each as one block of an append blob beside its state blob.
 * <p>
 * Every journal names the state it continues ({@link Base}: the lineage and serial of the whole state stored when it
 * was started): the file store in the journal's first line ({@link #header}), the remote store in the append blob's
 * metadata, which Azure sets with the blob in one request. A journal that does not continue the state beside it is
 * refused in one line, never applied to another history nor skipped without a word. Journals written by batchform
 * before the file store wrote that line are read as they were (entries of another lineage skipped).
 * <p>
 * An entry is one line of JSON ending in a newline: the lineage and serial of the state it records, and what that
 * state holds at one address (its resource and its intent, each null when there is none). Replaying applies, in
 * order, each entry of the state's lineage with a serial above the state's; entries at or below it are already in the
 * state (written whole before the journal could be removed). A last line without its newline was cut short by a
 * process that died writing it, before the change it announces was made, and is ignored.
 */
public final class StateJournal {
    private static final ObjectMapper LINE = new ObjectMapper();
    /** The key of a journal's first line that names the state it continues: {@code {"continues": {...}}}. */
    private static final String CONTINUES = "continues";

    private StateJournal() {
    }

    /**
     * What a journal continues: the lineage and serial of the whole state that was stored when it was started. Both
     * stores record it (the file store in the journal's first line, the remote one in its metadata) and refuse a
     * journal that does not continue their state.
     */
    public record Base(String lineage, long serial) {
        public Base {
            Objects.requireNonNull(lineage, "lineage");
        }

        public static Base of(State state) {
            return new Base(state.lineage(), state.serial());
        }
    }

    /**
     * The first line of a journal kept in a file, naming the state it continues:
     * {@code {"continues":{"lineage":"...","serial":N}}} and a newline. Written and flushed with the journal's first
     * entry; one cut short by a kill reads as no line at all (the journal then records nothing).
     */
    public static byte[] header(Base base) {
        ObjectNode header = LINE.createObjectNode();
        ObjectNode continues = header.putObject(CONTINUES);
        continues.put("lineage", base.lineage());
        continues.put("serial", base.serial());
        return line(header);
    }

    /**
     * The state {@code journal} (read from {@code where}) names in its first line, or empty when it names none (a
     * journal written before journals named their state, or one whose first line was cut short).
     */
    public static Optional<Base> base(byte[] journal, String where) {
        return Optional.ofNullable(lines(journal, where).base());
    }

    /** The entry recording what {@code state} holds at {@code changed}: one line, ending in a newline. */
    public static byte[] entry(State state, Address changed) {
        ObjectNode entry = LINE.createObjectNode();
        entry.put("lineage", state.lineage());
        entry.put("serial", state.serial());
        entry.put("address", changed.toString());
        state.get(changed).ifPresentOrElse(r -> StateJson.resource(r, entry.putObject("resource")),
                () -> entry.putNull("resource"));
        entry.put("intent", state.intent(changed).orElse(null));
        return line(entry);
    }

    private static byte[] line(ObjectNode entry) {
        try {
            byte[] line = LINE.writeValueAsBytes(entry);
            byte[] bytes = Arrays.copyOf(line, line.length + 1);
            bytes[line.length] = '\n';
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("a journal entry always serialises", e);
        }
    }

    /**
     * Whether a whole write of {@code written} continues the state a journal was applied to ({@code applied}, null
     * when there was none): the same lineage at no older serial. Only then may the journal go; otherwise it is kept,
     * to be replayed onto the state it continues or refused, never dropped without a word.
     */
    public static boolean continues(State applied, State written) {
        return applied == null || written.lineage().equals(applied.lineage()) && written.serial() >= applied.serial();
    }

    /**
     * Whether an entry can record the step from {@code before} to {@code after}: they differ only in their resources,
     * intents and serial. Another lineage, region, target, outputs or drills is written whole instead.
     */
    public static boolean holds(State before, State after) {
        return before.version() == after.version() && before.lineage().equals(after.lineage())
                && Objects.equals(before.activeRegion(), after.activeRegion())
                && before.unreachableRegions().equals(after.unreachableRegions())
                && Objects.equals(before.target(), after.target()) && before.outputs().equals(after.outputs())
                && before.drills().equals(after.drills());
    }

    /** Whether {@code journal} ends with a whole entry (or is empty): else its last line was cut short. */
    public static boolean endsWhole(byte[] journal) {
        return journal.length == 0 || journal[journal.length - 1] == '\n';
    }

    /**
     * {@code state} with the entries of {@code journal} (read from {@code where}, named in errors) applied: entries of
     * another lineage, or at or below the state's serial, are skipped. How a journal that records no base is read
     * (one written before journals named their state).
     */
    public static State replay(State state, byte[] journal, String where) {
        return apply(state, lines(journal, where).entries(), where);
    }

    /**
     * The state in {@code stateWhere} ({@code state}, empty when there is none) with {@code journal}, read from
     * {@code where}, applied, where the journal names in its first line the state it continues (the file store's
     * journal). Read and refused as {@link #replay(Optional, String, Base, byte[], String, String)} reads and refuses
     * it, with that base. One without that first line (written before journals named their state) is read as
     * {@link #replay(State, byte[], String)} reads it, as it was; beside no state, as no state, as it was.
     */
    public static Optional<State> replay(Optional<State> state, String stateWhere, byte[] journal, String where,
            String advice) {
        Lines lines = lines(journal, where);
        if (lines.base() == null) {
            return state.map(s -> apply(s, lines.entries(), where));
        }
        return replay(state, stateWhere, lines.base(), lines.entries(), where, advice);
    }

    /**
     * The state in {@code stateWhere} ({@code state}, empty when there is none) with {@code journal}, read from
     * {@code where}, applied, where the journal was started beside the state {@code base} (the remote store keeps it in
     * the journal blob's metadata). Refused ({@link JsonInput.Unreadable}, one line naming the journal and ending with
     * {@code advice}, what the user can do, after a colon) when it does not continue this state: the state has another
     * lineage, or is older than the journal's base (replaced by an older version since), or was written whole since
     * without the changes the journal records, or an entry is of another lineage, or there is no state and the journal
     * records a change (the state was removed since). A state written whole since that holds every change the journal
     * records (a process that died between writing the state and clearing the journal) reads as the state alone; a
     * journal that records no change reads as the state alone, whatever it continues: nothing is lost.
     */
    public static Optional<State> replay(Optional<State> state, String stateWhere, Base base, byte[] journal,
            String where, String advice) {
        return replay(state, stateWhere, base, lines(journal, where).entries(), where, advice);
    }

    private static Optional<State> replay(Optional<State> state, String stateWhere, Base base, List<Entry> entries,
            String where, String advice) {
        if (entries.isEmpty()) {
            return state;
        }
        if (state.isEmpty()) {
            throw new JsonInput.Unreadable(where + ": refused: it continues a state of lineage " + base.lineage()
                    + " (serial " + base.serial() + ") and records changes to it, and there is no " + stateWhere
                    + ": the state was removed since" + advice);
        }
        return Optional.of(replay(state.get(), stateWhere, base, entries, where, advice));
    }

    private static State replay(State state, String stateWhere, Base base, List<Entry> entries, String where,
            String advice) {
        if (!base.lineage().equals(state.lineage())) {
            throw new JsonInput.Unreadable(where + ": refused: it continues a state of lineage " + base.lineage()
                    + " (serial " + base.serial() + "), and " + stateWhere + " has lineage " + state.lineage()
                    + " (serial " + state.serial() + "): the state was replaced since" + advice);
        }
        for (Entry entry : entries) {
            if (!entry.lineage().equals(base.lineage())) {
                throw new JsonInput.Unreadable(where + ": refused: line " + entry.line() + " is of lineage "
                        + entry.lineage() + ", and the journal continues lineage " + base.lineage() + advice);
            }
        }
        long last = entries.get(entries.size() - 1).serial(); // never empty: the caller returned the state alone
        if (state.serial() < base.serial()) {
            throw new JsonInput.Unreadable(where + ": refused: it continues the state at serial " + base.serial()
                    + ", and " + stateWhere + " is at serial " + state.serial() + ", older: the state was replaced by "
                    + "an older version since" + advice);
        }
        if (state.serial() > base.serial() && last > state.serial()) {
            throw new JsonInput.Unreadable(where + ": refused: it continues the state at serial " + base.serial()
                    + " with changes up to serial " + last + ", and " + stateWhere + " was written at serial "
                    + state.serial() + " since, without them" + advice);
        }
        return apply(state, entries, where);
    }

    /** One whole line of a journal: its 1-based line number, lineage, serial and the JSON it holds. */
    private record Entry(int line, String lineage, long serial, JsonNode node) {
    }

    /** A journal's whole lines: the state its first line names (null: none) and its entries. */
    private record Lines(Base base, List<Entry> entries) {
    }

    private static Lines lines(byte[] journal, String where) {
        Base base = null;
        List<Entry> entries = new ArrayList<>();
        JsonInput in = JsonInput.in(where);
        int start = 0;
        int line = 0;
        while (start < journal.length) {
            int end = start;
            while (end < journal.length && journal[end] != '\n') {
                end++;
            }
            line++;
            if (end == journal.length) {
                break; // cut short: the change it announced was never made
            }
            String path = "line " + line;
            JsonNode node = JsonInput.parse(Arrays.copyOfRange(journal, start, end), where + " " + path);
            start = end + 1;
            in.object(node, path);
            if (node.has(CONTINUES)) {
                if (line != 1) {
                    throw in.error(path + "." + CONTINUES, "a journal names the state it continues in its first line "
                            + "only");
                }
                JsonNode continues = in.object(node.get(CONTINUES), path + "." + CONTINUES);
                String lineage = in.text(continues, "lineage", path + "." + CONTINUES + ".lineage", null);
                if (!continues.has("serial")) {
                    throw in.error(path + "." + CONTINUES + ".serial", "missing (expected a whole number)");
                }
                base = new Base(lineage, in.integer(continues, "serial", path + "." + CONTINUES + ".serial", 0));
                continue;
            }
            entries.add(new Entry(line, in.text(node, "lineage", path + ".lineage", ""),
                    in.integer(node, "serial", path + ".serial", 0), node));
        }
        return new Lines(base, entries);
    }

    private static State apply(State base, List<Entry> entries, String where) {
        Map<Address, ResourceState> resources = new TreeMap<>();
        base.resources().forEach(r -> resources.put(r.address(), r));
        Map<Address, String> intents = new TreeMap<>(base.intents());
        long serial = base.serial();
        JsonInput in = JsonInput.in(where);
        for (Entry entry : entries) {
            if (!base.lineage().equals(entry.lineage()) || entry.serial() <= serial) {
                continue;
            }
            serial = entry.serial();
            String path = "line " + entry.line();
            JsonNode node = entry.node();
            Address address = in.parsed(in.text(node, "address", path + ".address", null), path + ".address",
                    Address::parse);
            JsonNode resource = node.path("resource");
            if (resource.isObject()) {
                resources.put(address, StateJson.resourceFromJson(resource, in, path + ".resource"));
            } else {
                resources.remove(address);
            }
            JsonNode intent = node.path("intent");
            if (intent.isTextual()) {
                intents.put(address, intent.textValue());
            } else {
                intents.remove(address);
            }
        }
        return new State(base.version(), serial, base.lineage(), base.activeRegion(), List.copyOf(resources.values()),
                base.unreachableRegions(), base.target(), intents, base.outputs(), base.drills());
    }
}
