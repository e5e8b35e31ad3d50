package io.ftfleet.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Encrypts secrets at rest (exchange keys, bot API credentials) with AES-256-GCM. The master key comes from
 * {@code FTFLEET_MASTER_KEY} (base64 of 32 bytes) or from {@code <data-dir>/secrets/master.key}, created owner-only on first
 * start. Ciphertext format: {@code v1:} + base64(12-byte nonce || ciphertext || tag).
 */
@Component
public class SecretBox {

    private static final String PREFIX = "v1:";
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;

    SecretBox(@Value("${ftfleet.master-key:}") String configured, DataDirectory dataDirectory) {
        byte[] raw;
        if (configured != null && !configured.isBlank()) {
            raw = Base64.getDecoder().decode(configured.trim());
        } else {
            byte[] stored = dataDirectory.secretFile("master.key",
                    () -> Base64.getEncoder().encode(Secrets.randomBytes(32)));
            raw = Base64.getDecoder().decode(new String(stored, StandardCharsets.US_ASCII).trim());
        }
        if (raw.length != 32) {
            throw new IllegalStateException("The master key must be 32 bytes (base64-encoded)");
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    public String encrypt(String plaintext) {
        if (plaintext == null) {
            return null;
        }
        try {
            byte[] nonce = Secrets.randomBytes(NONCE);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE);
            System.arraycopy(sealed, 0, out, NONCE, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** Fails loudly on tampering or a wrong master key: a silent empty secret would be worse. */
    public String decrypt(String sealed) {
        if (sealed == null) {
            return null;
        }
        if (!sealed.startsWith(PREFIX)) {
            throw new IllegalArgumentException("Not a sealed secret");
        }
        try {
            byte[] in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE));
            return new String(cipher.doFinal(in, NONCE, in.length - NONCE), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot decrypt a stored secret: wrong master key or tampered data", e);
        }
    }
}
