package io.batchform.spec;

import io.batchform.address.Address;
import io.batchform.source.SourceSpan;
import java.util.List;
import java.util.Objects;

/**
 * An {@code outputs:} entry: a value computed from resources' attributes once they exist, recorded in the state by
 * apply and read with {@code batchform output NAME}. Its value is a template: literal text and references
 * {@code ${ADDRESS.ATTRIBUTE}}, such as {@code ${batchAccount.main.accountEndpoint}} or {@code ${pool.render.id}}. A value
 * that is one reference alone keeps the attribute's type (a number stays a number); otherwise the parts are joined
 * as text. A sensitive output is masked wherever it is shown, except {@code batchform output NAME --raw}.
 */
public record OutputSpec(String name, List<Part> value, String description, boolean sensitive, SourceSpan where) {
    public OutputSpec {
        Objects.requireNonNull(name, "name");
        value = List.copyOf(value);
    }

    /** A piece of an output's value. */
    public sealed interface Part permits Text, Reference {
    }

    /** Literal text. */
    public record Text(String text) implements Part {
    }

    /** {@code ${ADDRESS.ATTRIBUTE}}: {@code attribute} is {@code id} or a dotted attribute path; {@code at} its {@code $}. */
    public record Reference(Address address, String attribute, SourceSpan at) implements Part {
        @Override
        public String toString() {
            return address + "." + attribute;
        }
    }

    /** The references of the value, in order. */
    public List<Reference> references() {
        return value.stream().filter(Reference.class::isInstance).map(Reference.class::cast).toList();
    }
}
