package io.batchform.plan;

import io.batchform.address.Address;
import io.batchform.state.State;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A resource re-keyed without being touched: a spec's {@code moved: [{from: pool.old, to: pool.new}]} or {@code state
 * mv FROM TO}. The state's entry at {@code from} is kept at {@code to}, with the same id.
 */
public record Move(Address from, Address to) {
    public Move {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }

    /** Why {@code from} cannot be moved to {@code to} in {@code state}; empty when it can. */
    public static Optional<String> refusal(State state, Address from, Address to) {
        if (from.type() != to.type()) {
            return Optional.of("cannot move " + from + " to " + to + ": a resource keeps its type");
        }
        if (state.get(from).isEmpty()) {
            return Optional.of(from + " is not in the state; nothing was moved");
        }
        if (state.get(to).isPresent()) {
            return Optional.of(to + " is already in the state (id " + state.get(to).get().id() + "); nothing was moved");
        }
        return Optional.empty();
    }

    /**
     * {@code prior} with the moves that apply to it made (its entry at {@code from} is there and none at {@code to}),
     * in order, so that a chain of moves works, and which were made (from the address the state has to the last one).
     * A move already made (only {@code to} recorded) is nothing to do. A move whose both ends the state records adds
     * an error to {@code conflicts}: two resources, so the move cannot be made, and without a word the one at
     * {@code from} would be planned on its own (destroyed when the spec no longer declares it).
     */
    static Map.Entry<State, Map<Address, Address>> applyAll(State prior, List<Move> moves,
                                                            List<io.batchform.source.Diagnostic> conflicts) {
        State state = prior;
        Map<Address, Address> made = new TreeMap<>();
        for (Move move : moves) {
            if (move.from().type() == move.to().type() && state.get(move.from()).isPresent()
                    && state.get(move.to()).isPresent()) {
                conflicts.add(io.batchform.source.Diagnostic.error(move.from(), "MoveConflict", "moved: {from: "
                        + move.from() + ", to: " + move.to() + "} cannot be made: the state records both, "
                        + move.to() + " as " + state.get(move.to()).get().id() + " and " + move.from() + " as "
                        + state.get(move.from()).get().id() + "; remove the moved entry to plan " + move.from()
                        + " on its own, or forget one of them with batchform state rm"));
            } else if (refusal(state, move.from(), move.to()).isEmpty()) {
                state = state.moved(move.from(), move.to());
                // A chain (old -> mid, then mid -> new) is one move from where the state had it.
                Address origin = made.entrySet().stream().filter(m -> m.getValue().equals(move.from()))
                        .map(Map.Entry::getKey).findFirst().orElse(move.from());
                made.put(origin, move.to());
            }
        }
        return Map.entry(state, made);
    }
}
