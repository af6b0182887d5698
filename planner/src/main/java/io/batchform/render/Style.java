package io.batchform.render;

import io.batchform.plan.Action;

/** How symbols are coloured. The CLI picks ANSI or plain (for --no-color and for files); renderers never decide. */
public interface Style {
    String action(Action action, String text);

    String dim(String text);

    String bold(String text);

    Style PLAIN = new Style() {
        @Override
        public String action(Action action, String text) {
            return text;
        }

        @Override
        public String dim(String text) {
            return text;
        }

        @Override
        public String bold(String text) {
            return text;
        }
    };

    Style ANSI = new Style() {
        @Override
        public String action(Action action, String text) {
            String colour = switch (action) {
                case CREATE -> "32";
                case UPDATE -> "33";
                case DELETE -> "31";
                case DELETE_THEN_CREATE, CREATE_THEN_DELETE -> "35";
                case NO_OP, FORGET -> "0";
            };
            return "\u001b[" + colour + "m" + text + "\u001b[0m";
        }

        @Override
        public String dim(String text) {
            return "\u001b[2m" + text + "\u001b[0m";
        }

        @Override
        public String bold(String text) {
            return "\u001b[1m" + text + "\u001b[0m";
        }
    };
}
