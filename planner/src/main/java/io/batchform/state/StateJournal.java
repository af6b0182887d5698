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
import java.util.TreeMap;

/**
 * A state's journal: the changes an apply records one resource at a time, kept beside the whole state until the apply
 * writes the state whole again, so that recording a resource costs the same however many the state holds. One format
 * and one replay for every store: {@link FileStateStore} appends the entries to {@code state.journal}, the remote
 * store appends each as one block of an append blob beside its state blob.
 * <p>
 * An entry is one line of JSON ending in a newline: the lineage and serial of the state it records, and what that
 * state holds at one address (its resource and its intent, each null when there is none). Replaying applies, in
 * order, each entry of the state's lineage with a serial above the state's; entries at or below it are already in the
 * state (written whole before the journal could be removed). A last line without its newline was cut short by a
 * process that died writing it, before the change it announces was made, and is ignored.
 */
public final class StateJournal {
    private static final ObjectMapper LINE = new ObjectMapper();

    private StateJournal() {
    }

    /**
     * What a journal continues: the lineage and serial of the whole state that was stored when it was started. A store
     * that records it (the remote one, in the journal's metadata) refuses a journal that does not continue its state.
     */
    public record Base(String lineage, long serial) {
        public Base {
            Objects.requireNonNull(lineage, "lineage");
        }

        public static Base of(State state) {
            return new Base(state.lineage(), state.serial());
        }
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
     * another lineage, or at or below the state's serial, are skipped. How a journal that records no base is read.
     */
    public static State replay(State state, byte[] journal, String where) {
        return apply(state, entries(journal, where), where);
    }

    /**
     * {@code state}, read from {@code stateWhere}, with {@code journal} applied, where the journal was started beside
     * the state {@code base}. Refused ({@link JsonInput.Unreadable}, one line naming the journal) when it does not
     * continue this state: the state has another lineage, or is older than the journal's base (replaced by an older
     * version since), or was written whole since without the changes the journal records, or an entry is of another
     * lineage. A state written whole since that holds every change the journal records (a process that died between
     * writing the state and clearing the journal) reads as the state alone.
     */
    public static State replay(State state, String stateWhere, Base base, byte[] journal, String where) {
        List<Entry> entries = entries(journal, where);
        String advice = ": delete the journal to keep the state as it is (what the journal recorded and the state lacks "
                + "then shows at plan as existing outside the state, for batchform import), or put back the state it "
                + "continues";
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
        long last = entries.isEmpty() ? base.serial() : entries.get(entries.size() - 1).serial();
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

    private static List<Entry> entries(byte[] journal, String where) {
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
            entries.add(new Entry(line, in.text(node, "lineage", path + ".lineage", ""),
                    in.integer(node, "serial", path + ".serial", 0), node));
        }
        return entries;
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
