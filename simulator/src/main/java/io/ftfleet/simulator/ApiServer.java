package io.ftfleet.simulator;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The bot's REST API and message websocket (contract 1 and 2) on one Jetty server bound to
 * api_server.listen_ip_address:listen_port. Auth, public/protected split, error envelopes and
 * response shapes follow freqtrade's FastAPI app.
 */
public final class ApiServer {
    static final String LOG = "freqtrade.rpc.api_server.webserver";
    private final Bot bot;
    private final Map<String, Object> api;
    private final Server server;
    private final List<WsChannel> channels = new CopyOnWriteArrayList<>();
    private final long slowReplyMs;
    private ServerConnector connector;
    private final boolean shared;

    public ApiServer(Bot bot) {
        this(bot, null);
    }

    /**
     * @param sharedPool multi mode: a started pool shared by all bots of the JVM (Jetty leaves a started pool
     *                   alone when a server stops); null gives the bot its own small pool, like one freqtrade process
     */
    public ApiServer(Bot bot, QueuedThreadPool sharedPool) {
        this.bot = bot;
        this.api = Json.mapOrEmpty(bot.config().get("api_server"));
        this.slowReplyMs = (long) Bot.envDouble("FTSIM_SLOW_REPLY_MS", 0);
        QueuedThreadPool pool = sharedPool;
        if (pool == null) {
            pool = new QueuedThreadPool(32, 2);
            pool.setName("api-" + bot.botName());
            pool.setDaemon(true);
        }
        this.shared = sharedPool != null;
        this.server = new Server(pool);
        bot.setMessageSink(this::publish);
    }

    /** Starts the server; returns false (after logging like freqtrade) when binding fails. */
    public boolean start() {
        String host = Json.str(api.get("listen_ip_address"), "127.0.0.1");
        int port = (int) Json.num(api.get("listen_port"), 8080);
        SimLog log = bot.log();
        log.info("freqtrade.rpc.rpc_manager", "Enabling rpc.api_server");
        log.info(LOG, "Starting HTTP Server at " + host + ":" + port);
        if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
            log.warning(LOG, "SECURITY WARNING - Local Rest Server listening to external connections");
            log.warning(LOG, "SECURITY WARNING - This is insecure please set to your loopback,e.g 127.0.0.1 in config.json");
        }
        if (Json.str(api.get("password"), "").isEmpty()) {
            log.warning(LOG, "SECURITY WARNING - No password for local REST Server defined. Please make sure that this is intentional!");
        }
        String secret = Json.str(api.get("jwt_secret_key"), "super-secret");
        if (secret.equals("super-secret") || secret.equals("somethingrandom")) {
            log.warning("freqtrade.rpc.api_server.webserver", "SECURITY WARNING - `jwt_secret_key` seems to be default.Others may be able to log into your bot.");
        }
        // shared pool: no acceptor thread, the selector accepts (one thread per bot instead of two)
        connector = new ServerConnector(server, shared ? 0 : 1, 1);
        connector.setHost(host);
        connector.setPort(port);
        connector.setReuseAddress(true);
        server.addConnector(connector);
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(java.time.Duration.ofHours(24));
            container.addMapping("/api/v1/message/ws", (rq, rs, cb) -> {
                Fields q = Request.extractQueryParameters(rq);
                String token = q.getValue("token");
                if (!validWsToken(token)) {
                    rs.setStatus(403);
                    rs.write(true, null, cb);
                    return null;
                }
                return new WsChannel();
            });
        });
        ws.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                ApiServer.this.handle(request, response, callback);
                return true;
            }
        });
        server.setHandler(ws);
        try {
            server.start();
        } catch (Exception e) {
            log.error(LOG, "Api server failed to start.\nTraceback (most recent call last):\nOSError: [Errno 98] error while attempting to bind on address ('"
                    + host + "', " + port + "): address already in use");
            try { server.stop(); } catch (Exception ignored) { }
            return false;
        }
        log.info(LOG, "Starting Local Rest Server.");
        return true;
    }

    public int port() { return connector == null ? -1 : connector.getLocalPort(); }

    public void stop() {
        for (WsChannel c : channels) {
            try { c.session.close(1001, "Server shutting down", org.eclipse.jetty.websocket.api.Callback.NOOP); } catch (Exception ignored) { }
        }
        channels.clear();
        try {
            server.setStopTimeout(1000);
            server.stop();
        } catch (Exception ignored) { }
        bot.log().info("freqtrade.rpc.api_server.webserver", "Stopping API Server");
    }

    boolean validWsToken(String token) {
        if (token == null) return false;
        Object wsToken = api.get("ws_token");
        List<Object> tokens = wsToken instanceof List<?> l ? new ArrayList<>(l) : wsToken == null ? List.of() : List.of(wsToken);
        for (Object t : tokens) {
            if (MessageDigest.isEqual(t.toString().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) return true;
        }
        return Jwt.verify(token, secret(), "access") != null;
    }

    String secret() { return Json.str(api.get("jwt_secret_key"), "super-secret"); }

    // ---------------------------------------------------------------- HTTP

    record Reply(int status, Object body, Map<String, String> headers) {
        static Reply ok(Object body) { return new Reply(200, body, Map.of()); }
    }

    void handle(Request request, Response response, Callback callback) {
        Reply reply;
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        try {
            if (slowReplyMs > 0) Thread.sleep(slowReplyMs);
            reply = route(request, method, path);
        } catch (ApiError e) {
            if (e.rpc) reply = new Reply(e.status, Json.obj("error", "Error querying " + path + ": " + e.getMessage()), Map.of());
            else reply = new Reply(e.status, Json.obj("detail", e.detail), Map.of());
        } catch (Exception e) {
            reply = new Reply(500, null, Map.of());
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin != null && Json.listOf(api.get("CORS_origins")).contains(origin)) {
            response.getHeaders().put("access-control-allow-origin", origin);
            response.getHeaders().put("access-control-allow-credentials", "true");
            response.getHeaders().put("vary", "Origin");
        }
        response.setStatus(reply.status());
        reply.headers().forEach((k, v) -> response.getHeaders().put(k, v));
        byte[] bytes;
        if (reply.body() instanceof String html) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
            bytes = html.getBytes(StandardCharsets.UTF_8);
        } else if (reply.status() == 500 && reply.body() == null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            bytes = "Internal Server Error".getBytes(StandardCharsets.UTF_8);
        } else {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            bytes = Json.write(reply.body()).getBytes(StandardCharsets.UTF_8);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    static final Set<String> WEBSERVER_ONLY = Set.of("/backtest", "/backtest/history", "/backtest/abort", "/background",
            "/pairlists/available", "/pairlists/evaluate", "/backtest/history/result");

    Reply route(Request request, String method, String path) throws Exception {
        if (method.equals("OPTIONS") && request.getHeaders().get(HttpHeader.ORIGIN) != null) {
            String origin = request.getHeaders().get(HttpHeader.ORIGIN);
            if (!Json.listOf(api.get("CORS_origins")).contains(origin)) return new Reply(400, "Disallowed CORS origin", Map.of());
            return new Reply(200, "OK", Map.of("access-control-allow-methods", "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT",
                    "access-control-allow-headers", Json.str(request.getHeaders().get("Access-Control-Request-Headers"), "*"),
                    "access-control-max-age", "600"));
        }
        if (!path.startsWith("/api/v1/") && !path.equals("/api/v1")) {
            return Reply.ok("<!DOCTYPE html><html><head><title>freqUI</title></head><body><p>Freqtrade UI not installed. "
                    + "Please run `freqtrade install-ui` in your terminal to install the UI files and restart your bot.</p></body></html>");
        }
        String p = path.substring("/api/v1".length());
        if (p.equals("/ping")) {
            requireMethod(method, "GET");
            return Reply.ok(Json.obj("status", "pong"));
        }
        if (p.equals("/token/login")) {
            requireMethod(method, "POST");
            String[] basic = basic(request);
            if (basic == null) return new Reply(401, Json.obj("detail", "Not authenticated"), Map.of("www-authenticate", "Basic"));
            if (!credentialsOk(basic)) return new Reply(401, Json.obj("detail", "Incorrect username or password"), Map.of());
            return Reply.ok(Json.obj("access_token", Jwt.create(basic[0], "access", secret()),
                    "refresh_token", Jwt.create(basic[0], "refresh", secret())));
        }
        if (p.equals("/token/refresh")) {
            requireMethod(method, "POST");
            String user = Jwt.verify(bearer(request), secret(), "refresh");
            if (user == null) return new Reply(401, Json.obj("detail", "Could not validate credentials"), Map.of("www-authenticate", "Bearer"));
            return Reply.ok(Json.obj("access_token", Jwt.create(user, "access", secret())));
        }
        // every other route is protected: Bearer access token, else HTTP Basic
        String bearer = bearer(request);
        if (bearer != null) {
            if (Jwt.verify(bearer, secret(), "access") == null) {
                return new Reply(401, Json.obj("detail", "Could not validate credentials"), Map.of("www-authenticate", "Bearer"));
            }
        } else {
            String[] basic = basic(request);
            if (basic == null || !credentialsOk(basic)) return new Reply(401, Json.obj("detail", "Unauthorized"), Map.of());
        }
        return Reply.ok(protectedRoute(request, method, p));
    }

    Object protectedRoute(Request request, String method, String p) throws Exception {
        Fields q = Request.extractQueryParameters(request);
        if (WEBSERVER_ONLY.contains(p) || p.startsWith("/backtest/history/") || p.startsWith("/background/") || p.startsWith("/pairlists/evaluate/")) {
            throw ApiError.http(503, "Bot is not in the correct state.");
        }
        switch (p) {
            case "/version": requireMethod(method, "GET"); return Json.obj("version", bot.version());
            case "/show_config": requireMethod(method, "GET"); return bot.showConfig();
            case "/status": requireMethod(method, "GET"); return bot.status();
            case "/trades": {
                requireMethod(method, "GET");
                if (!bot.flavor().paused()) return bot.trades(intParam(q, "limit", 500), intParam(q, "offset", 0));
                // 2025.3+: limit >= 1 and offset >= 0 are validated; 2025.4 adds order_by_id (default true)
                return bot.trades(atLeast(q, "limit", 500, 1), atLeast(q, "offset", 0, 0), boolParam(q, "order_by_id", true));
            }
            case "/count": requireMethod(method, "GET"); return bot.count();
            case "/profit": requireMethod(method, "GET"); return bot.profit();
            case "/balance": requireMethod(method, "GET"); return bot.balance();
            case "/daily": requireMethod(method, "GET"); return bot.timeunit("days", intParam(q, "timescale", 7));
            case "/weekly": requireMethod(method, "GET"); return bot.timeunit("weeks", intParam(q, "timescale", 4));
            case "/monthly": requireMethod(method, "GET"); return bot.timeunit("months", intParam(q, "timescale", 3));
            case "/performance": requireMethod(method, "GET"); return bot.performance("pair", null);
            case "/entries": requireMethod(method, "GET"); return bot.performance("enter_tag", q.getValue("pair"));
            case "/exits": requireMethod(method, "GET"); return bot.performance("exit_reason", q.getValue("pair"));
            case "/mix_tags": requireMethod(method, "GET"); return bot.performance("mix_tag", q.getValue("pair"));
            case "/stats": requireMethod(method, "GET"); return bot.stats();
            case "/locks":
                requireMethod(method, "GET", "POST");
                if (method.equals("POST")) return bot.addLocks(bodyList(request));
                return bot.locks();
            case "/locks/delete": {
                requireMethod(method, "POST");
                Map<String, Object> b = bodyMap(request);
                return bot.deleteLock(b.get("lockid") instanceof Number n ? n.longValue() : null, (String) b.get("pair"));
            }
            case "/whitelist": requireMethod(method, "GET"); return bot.whitelist();
            case "/blacklist": {
                requireMethod(method, "GET", "POST", "DELETE");
                if (method.equals("POST")) {
                    Object bl = bodyMap(request).get("blacklist");
                    if (!(bl instanceof List<?> l)) throw validation("body", "blacklist");
                    List<String> add = new ArrayList<>();
                    for (Object o : l) add.add(String.valueOf(o));
                    return bot.blacklist(add, null);
                }
                if (method.equals("DELETE")) return bot.blacklist(null, q.getValues("pairs_to_delete") == null ? List.of() : q.getValues("pairs_to_delete"));
                return bot.blacklist(null, null);
            }
            case "/logs": {
                requireMethod(method, "GET");
                String l = q.getValue("limit");
                return bot.logs(l == null ? null : intParam(q, "limit", 0));
            }
            case "/start": requireMethod(method, "POST"); return bot.startBot();
            case "/stop": requireMethod(method, "POST"); return bot.stopBot();
            case "/stopentry", "/stopbuy": requireMethod(method, "POST"); return bot.stopEntry();
            case "/pause":
                if (!bot.flavor().paused()) break; // no such route before 2025.4
                requireMethod(method, "POST");
                return bot.pause();
            case "/reload_config": requireMethod(method, "POST"); return bot.reloadConfig();
            case "/forceenter", "/forcebuy": {
                requireMethod(method, "POST");
                Map<String, Object> b = bodyMap(request);
                if (!(b.get("pair") instanceof String)) throw validation("body", "pair");
                return bot.forceEnter(b);
            }
            case "/forceexit", "/forcesell": {
                requireMethod(method, "POST");
                Map<String, Object> b = bodyMap(request);
                if (b.get("tradeid") == null) throw validation("body", "tradeid");
                return bot.forceExit(b.get("tradeid"), (String) b.get("ordertype"));
            }
            case "/health": requireMethod(method, "GET"); return bot.health();
            case "/sysinfo": requireMethod(method, "GET"); return Bot.sysinfo();
            case "/strategies": requireMethod(method, "GET"); return bot.strategies();
            case "/plot_config": requireMethod(method, "GET"); return Json.obj();
            case "/freqaimodels": requireMethod(method, "GET"); return Json.obj("freqaimodels", new java.util.TreeSet<>(FreqaiSim.MODELS));
            case "/pair_candles": {
                requireMethod(method, "GET", "POST");
                if (method.equals("POST")) {
                    Map<String, Object> b = bodyMap(request);
                    if (!(b.get("pair") instanceof String pr)) throw validation("body", "pair");
                    if (!(b.get("timeframe") instanceof String tfr)) throw validation("body", "timeframe");
                    List<String> cols = null;
                    if (b.get("columns") instanceof List<?> l) { cols = new ArrayList<>(); for (Object o : l) cols.add(String.valueOf(o)); }
                    return bot.freqai().pairCandles(bot, pr, tfr, b.get("limit") instanceof Number n ? n.intValue() : null, cols);
                }
                if (q.getValue("pair") == null) throw validation("query", "pair");
                if (q.getValue("timeframe") == null) throw validation("query", "timeframe");
                return bot.freqai().pairCandles(bot, q.getValue("pair"), q.getValue("timeframe"),
                        q.getValue("limit") == null ? null : intParam(q, "limit", 0), null);
            }
            case "/edge": requireMethod(method, "GET"); throw ApiError.rpc("Edge is not enabled.");
            default: break;
        }
        if (p.startsWith("/trade/")) {
            requireMethod(method, "GET");
            return bot.trade(pathId(p.substring("/trade/".length()), "tradeid"));
        }
        if (p.startsWith("/trades/")) {
            requireMethod(method, "DELETE");
            return bot.deleteTrade(pathId(p.substring("/trades/".length()), "tradeid"));
        }
        if (p.startsWith("/locks/")) {
            requireMethod(method, "DELETE");
            return bot.deleteLock(pathId(p.substring("/locks/".length()), "lockid"), null);
        }
        if (p.startsWith("/strategy/")) {
            requireMethod(method, "GET");
            return bot.strategy(java.net.URLDecoder.decode(p.substring("/strategy/".length()), StandardCharsets.UTF_8));
        }
        throw ApiError.http(404, "Not Found");
    }

    static void requireMethod(String method, String... allowed) {
        for (String a : allowed) if (a.equals(method) || (a.equals("GET") && method.equals("HEAD"))) return;
        throw ApiError.http(405, "Method Not Allowed");
    }

    static ApiError validation(String where, String field) {
        return ApiError.http(422, List.of(Json.obj("type", "missing", "loc", List.of(where, field), "msg", "Field required", "input", null)));
    }

    static long pathId(String s, String name) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw ApiError.http(422, List.of(Json.obj("type", "int_parsing", "loc", List.of("path", name),
                    "msg", "Input should be a valid integer, unable to parse string as an integer", "input", s)));
        }
    }

    /** FastAPI's {@code Query(ge=min)}: below the minimum is a 422 {@code greater_than_equal}. */
    static int atLeast(Fields q, String name, int def, int min) {
        int v = intParam(q, name, def);
        if (v < min) {
            throw ApiError.http(422, List.of(Json.obj("type", "greater_than_equal", "loc", List.of("query", name),
                    "msg", "Input should be greater than or equal to " + min, "input", q.getValue(name), "ctx", Json.obj("ge", min))));
        }
        return v;
    }

    /** pydantic's lax bool parsing of a query value. */
    static boolean boolParam(Fields q, String name, boolean def) {
        String v = q.getValue(name);
        if (v == null) return def;
        switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on", "t", "y": return true;
            case "false", "0", "no", "off", "f", "n": return false;
            default:
                throw ApiError.http(422, List.of(Json.obj("type", "bool_parsing", "loc", List.of("query", name),
                        "msg", "Input should be a valid boolean, unable to interpret input", "input", v)));
        }
    }

    static int intParam(Fields q, String name, int def) {
        String v = q.getValue(name);
        if (v == null) return def;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ApiError.http(422, List.of(Json.obj("type", "int_parsing", "loc", List.of("query", name),
                    "msg", "Input should be a valid integer, unable to parse string as an integer", "input", v)));
        }
    }

    static String body(Request request) throws Exception {
        return Content.Source.asString(request, StandardCharsets.UTF_8);
    }

    static Map<String, Object> bodyMap(Request request) throws Exception {
        String b = body(request);
        try {
            Object o = Json.read(b.isBlank() ? "null" : b);
            if (o instanceof Map) return Json.mapOrEmpty(o);
        } catch (Exception ignored) { }
        throw ApiError.http(422, List.of(Json.obj("type", "missing", "loc", List.of("body"), "msg", "Field required", "input", null)));
    }

    static List<Object> bodyList(Request request) throws Exception {
        String b = body(request);
        try {
            Object o = Json.read(b.isBlank() ? "null" : b);
            if (o instanceof List) return Json.listOf(o);
        } catch (Exception ignored) { }
        throw ApiError.http(422, List.of(Json.obj("type", "list_type", "loc", List.of("body"), "msg", "Input should be a valid list", "input", null)));
    }

    static String bearer(Request request) {
        String h = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        return h.substring(7).trim();
    }

    static String[] basic(Request request) {
        String h = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (h == null || !h.regionMatches(true, 0, "Basic ", 0, 6)) return null;
        try {
            String dec = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
            int i = dec.indexOf(':');
            if (i < 0) return null;
            return new String[] {dec.substring(0, i), dec.substring(i + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    boolean credentialsOk(String[] basic) {
        boolean u = MessageDigest.isEqual(basic[0].getBytes(StandardCharsets.UTF_8), Json.str(api.get("username"), "").getBytes(StandardCharsets.UTF_8));
        boolean p = MessageDigest.isEqual(basic[1].getBytes(StandardCharsets.UTF_8), Json.str(api.get("password"), "").getBytes(StandardCharsets.UTF_8));
        return u && p;
    }

    // ---------------------------------------------------------------- websocket

    static final Set<String> MESSAGE_TYPES = Set.of("status", "warning", "exception", "startup", "entry", "entry_fill", "entry_cancel",
            "exit", "exit_fill", "exit_cancel", "protection_trigger", "protection_trigger_global", "strategy_msg", "whitelist",
            "analyzed_df", "new_candle");

    void publish(Map<String, Object> msg) {
        String type = String.valueOf(msg.get("type"));
        String text = Json.write(msg);
        for (WsChannel c : channels) {
            if (c.subscriptions.contains(type)) c.send(text);
        }
    }

    public final class WsChannel implements Session.Listener.AutoDemanding {
        volatile Session session;
        volatile Set<String> subscriptions = Set.of();

        @Override
        public void onWebSocketOpen(Session s) {
            this.session = s;
            channels.add(this);
            bot.log().info("freqtrade.rpc.api_server.ws.channel", "Connected to channel - WebSocketChannel(" + s.getRemoteSocketAddress() + ")");
        }

        @Override
        public void onWebSocketText(String text) {
            Map<String, Object> req;
            try {
                req = Json.readMap(text);
            } catch (Exception e) {
                bot.log().error("freqtrade.rpc.api_server.api_ws", "Invalid request from " + session.getRemoteSocketAddress() + ": " + e.getMessage());
                return;
            }
            Object type = req.get("type");
            Object data = req.get("data");
            if ("subscribe".equals(type)) {
                if (data instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(x -> x instanceof String && MESSAGE_TYPES.contains(x))) {
                    subscriptions = Set.copyOf(l.stream().map(String::valueOf).toList());
                }
            } else if ("whitelist".equals(type)) {
                send(Json.write(Json.obj("type", "whitelist", "data", bot.whitelist().get("whitelist"))));
            } else if ("analyzed_df".equals(type)) {
                Map<String, Object> d = Json.map(data);
                Integer limit = null;
                String pair = null;
                if (d != null && !d.isEmpty()) {
                    limit = d.get("limit") instanceof Number n ? Math.min(1500, n.intValue()) : 1500;
                    pair = d.get("pair") == null ? null : d.get("pair").toString();
                } else {
                    limit = 1500;
                }
                for (Map<String, Object> m : bot.analyzedDf(pair, limit)) send(Json.write(m));
            } else {
                bot.log().error("freqtrade.rpc.api_server.api_ws", "Invalid request from " + session.getRemoteSocketAddress() + ": unknown type " + type);
            }
        }

        @Override
        public void onWebSocketClose(int code, String reason) {
            channels.remove(this);
            bot.log().info("freqtrade.rpc.api_server.ws.channel", "Disconnected from channel - WebSocketChannel(" + (session == null ? "" : session.getRemoteSocketAddress()) + ")");
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            channels.remove(this);
        }

        synchronized void send(String text) {
            Session s = session;
            if (s != null && s.isOpen()) {
                java.util.concurrent.CompletableFuture<Void> f = new java.util.concurrent.CompletableFuture<>();
                s.sendText(text, org.eclipse.jetty.websocket.api.Callback.from(() -> f.complete(null), f::completeExceptionally));
                try {
                    f.get(3, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    channels.remove(this);
                    s.disconnect();
                }
            }
        }
    }
}
