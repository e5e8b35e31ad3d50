package io.ftfleet.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for full-stack tests: requests go over loopback to the server under test. */
public final class Api {

    public static final String ADMIN_PASSWORD = "admin-password-1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public Api(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public record Response(int status, Map<String, String> headers, String body) {
        public JsonNode json() {
            return body == null || body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }

        public String text(String field) {
            JsonNode node = json().get(field);
            return node == null || node.isNull() ? null : node.asString();
        }
    }

    public Request request(String method, String path) {
        return new Request(method, path);
    }

    public Response get(String path, String token) {
        return request("GET", path).bearer(token).send();
    }

    public Response postJson(String path, String token, String json) {
        return request("POST", path).bearer(token).json(json).send();
    }

    /** Logs in through the JSON variant and returns the whole token response. */
    public JsonNode login(String username, String password) {
        Response r = postJson("/api/v1/auth/login/json", null,
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
        if (r.status() != 200) {
            throw new AssertionError("login of " + username + " failed: " + r.status() + " " + r.body());
        }
        return r.json();
    }

    public String adminToken() {
        return login("admin", ADMIN_PASSWORD).get("access_token").asString();
    }

    /** Creates a user with a role (as admin) and returns an access token for it. */
    public String tokenFor(String username, String role) {
        String admin = adminToken();
        Response created = postJson("/api/v1/users", admin, "{\"username\":\"" + username + "\",\"email\":\"" + username
                + "@example.com\",\"password\":\"password-" + username + "\",\"role\":\"" + role + "\"}");
        if (created.status() != 201) {
            throw new AssertionError("create user failed: " + created.status() + " " + created.body());
        }
        return login(username, "password-" + username).get("access_token").asString();
    }

    public final class Request {
        private final String method;
        private final String path;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();

        Request(String method, String path) {
            this.method = method;
            this.path = path;
        }

        public Request bearer(String token) {
            if (token != null) {
                headers.put("Authorization", "Bearer " + token);
            }
            return this;
        }

        public Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Request json(String json) {
            headers.put("Content-Type", "application/json");
            body = HttpRequest.BodyPublishers.ofString(json);
            return this;
        }

        public Request form(String form) {
            headers.put("Content-Type", "application/x-www-form-urlencoded");
            body = HttpRequest.BodyPublishers.ofString(form);
            return this;
        }

        public Request body(String contentType, byte[] bytes) {
            headers.put("Content-Type", contentType);
            body = HttpRequest.BodyPublishers.ofByteArray(bytes);
            return this;
        }

        /** A multipart/form-data body with one file part. */
        public Request multipart(String field, String filename, String contentType, byte[] data) {
            String boundary = "----ftfleet" + System.nanoTime();
            String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                    + filename + "\"\r\nContent-Type: " + contentType + "\r\n\r\n";
            String tail = "\r\n--" + boundary + "--\r\n";
            byte[] h = head.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] t = tail.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] all = new byte[h.length + data.length + t.length];
            System.arraycopy(h, 0, all, 0, h.length);
            System.arraycopy(data, 0, all, h.length, data.length);
            System.arraycopy(t, 0, all, h.length + data.length, t.length);
            return body("multipart/form-data; boundary=" + boundary, all);
        }

        public Response send() {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .method(method, body);
            headers.forEach(builder::header);
            try {
                HttpResponse<String> r = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
                Map<String, String> h = new LinkedHashMap<>();
                r.headers().map().forEach((k, v) -> h.put(k.toLowerCase(), String.join(",", v)));
                return new Response(r.statusCode(), h, r.body());
            } catch (IOException e) {
                throw new IllegalStateException(method + " " + path + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
