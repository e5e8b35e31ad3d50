package io.ftfleet.simulator;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

/**
 * HS256 JWTs as created by freqtrade's api_auth.py (PyJWT): claims {identity:{u}, exp, iat, type}.
 * Hand-rolled with javax.crypto because nimbus-jose-jwt refuses HMAC keys shorter than 256 bits,
 * while freqtrade's default jwt_secret_key ("super-secret") is 12 bytes.
 */
public final class Jwt {
    public static final long ACCESS_SECONDS = 15 * 60;
    public static final long REFRESH_SECONDS = 30L * 24 * 3600;
    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DEC = Base64.getUrlDecoder();

    private Jwt() {}

    public static String create(String user, String type, String secret) {
        long now = System.currentTimeMillis() / 1000;
        long exp = now + (type.equals("access") ? ACCESS_SECONDS : REFRESH_SECONDS);
        String header = ENC.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = ENC.encodeToString(Json.write(Json.obj("identity", Json.obj("u", user), "exp", exp, "iat", now, "type", type))
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + ENC.encodeToString(hmac(header + "." + payload, secret));
    }

    /** Returns the username if the token is valid and of the given type, else null. */
    public static String verify(String token, String secret, String type) {
        if (token == null) return null;
        String[] parts = token.split("\\.");
        if (parts.length != 3) return null;
        try {
            Map<String, Object> header = Json.readMap(new String(DEC.decode(parts[0]), StandardCharsets.UTF_8));
            if (!"HS256".equals(header.get("alg"))) return null;
            byte[] sig = DEC.decode(parts[2]);
            if (!MessageDigest.isEqual(sig, hmac(parts[0] + "." + parts[1], secret))) return null;
            Map<String, Object> claims = Json.readMap(new String(DEC.decode(parts[1]), StandardCharsets.UTF_8));
            if (!(claims.get("exp") instanceof Number exp) || exp.longValue() < System.currentTimeMillis() / 1000) return null;
            if (!type.equals(claims.get("type"))) return null;
            Map<String, Object> identity = Json.map(claims.get("identity"));
            if (identity == null || identity.get("u") == null) return null;
            return identity.get("u").toString();
        } catch (Exception e) {
            return null;
        }
    }

    static byte[] hmac(String data, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            byte[] key = secret.getBytes(StandardCharsets.UTF_8);
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
