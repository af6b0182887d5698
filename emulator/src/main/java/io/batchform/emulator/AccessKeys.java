package io.batchform.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Access keys for emulated accounts: derived from the resource id, so they are stable across calls and restarts. */
final class AccessKeys {
    private AccessKeys() {
    }

    /** A base64 key of 64 bytes derived from {@code seed}. */
    static String derive(String seed) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-512").digest(seed.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is part of every JDK", e);
        }
    }
}
