package io.batchform.spec.load;

import io.batchform.source.Source;
import io.batchform.spec.yaml.YNode;
import io.batchform.spec.yaml.YNode.YMap;
import io.batchform.spec.yaml.YNode.YScalar;
import io.batchform.spec.yaml.YNode.YSeq;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of a spec as diagnostics may quote it: every secret written in it (a password, key or {@code secret:}
 * value, a start-task environment value, a URL's shared access signature) replaced by {@code *}, one per code point,
 * so lines and columns stay where they were. A diagnostic prints the line it points at; without this, the warning
 * about a password written in clear printed the password under it.
 */
final class SecretMasking {
    /** Keys whose values are secrets wherever they are written. */
    private static final Set<String> SECRET_KEYS = Set.of("password", "sshprivatekey", "accountkey", "saskey", "secret");
    /** Maps whose every value is a secret. */
    private static final Set<String> SECRET_MAPS = Set.of("environment");
    private static final Pattern REFERENCE_ONLY = Pattern.compile("[\"']?\\$\\{[^}]*}[\"']?");
    private static final Pattern SAS = Pattern.compile("(?i)[?&](sig|se|sp)=([^&#\"'\\s]*)");

    private SecretMasking() {
    }

    static Source mask(Source source, YNode root) {
        boolean[] masked = new boolean[source.text().length()];
        walk(root, false, source, masked);
        String text = source.text();
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            boolean lineBreak = codePoint == '\n' || codePoint == '\r' || codePoint == 0x85 || codePoint == 0x2028
                    || codePoint == 0x2029;
            // One star per code point: columns count code points, so the caret stays under the same column.
            if (masked[i] && !lineBreak) {
                out.append('*');
            } else {
                out.appendCodePoint(codePoint);
            }
            i += Character.charCount(codePoint);
        }
        return new Source(source.name(), out.toString());
    }

    private static void walk(YNode node, boolean secret, Source source, boolean[] text) {
        if (node instanceof YMap map) {
            // Only a scalar written under a secret key is masked: a map under a key that happens to be called so
            // (a storage account keyed "password") is read key by key.
            for (YNode.Entry entry : map.entries()) {
                String key = entry.key().value().toLowerCase(Locale.ROOT);
                if (SECRET_MAPS.contains(key) && entry.value() instanceof YMap values) {
                    values.entries().forEach(e -> walk(e.value(), true, source, text));
                } else {
                    walk(entry.value(), SECRET_KEYS.contains(key), source, text);
                }
            }
        } else if (node instanceof YSeq seq) {
            seq.items().forEach(item -> walk(item, false, source, text));
        } else if (node instanceof YScalar scalar) {
            if (scalar.source() == null) {
                return;
            }
            int start = Math.max(0, scalar.source().rawStart());
            int end = Math.min(text.length, scalar.source().rawEnd());
            if (end <= start) {
                return;
            }
            String written = source.text().substring(start, end);
            if (secret && !REFERENCE_ONLY.matcher(written.strip()).matches()) {
                blank(text, start, end);
            } else {
                Matcher sas = SAS.matcher(written);
                while (sas.find()) {
                    blank(text, start + sas.start(2), start + sas.end(2));
                }
            }
        }
    }

    private static void blank(boolean[] masked, int start, int end) {
        for (int i = start; i < end; i++) {
            masked[i] = true;
        }
    }
}
