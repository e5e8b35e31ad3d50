package io.ftfleet.bot;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.Set;

/**
 * Where an external bot's URL may point. The server sends the bot's Basic credentials there and shows what it
 * answers, so a URL must not turn the server into a proxy to what only it can reach: link-local addresses
 * (169.254/16, fe80::/10) and cloud metadata services are always refused; loopback and private networks unless
 * {@code ftfleet.bots.external.allow-private}. The host is resolved when the URL is set, and again before every
 * connection ({@link Policy}, asked by the runtime): a name that later resolves elsewhere is refused then. The
 * client follows no redirects (see {@code FreqtradeClients}).
 */
final class ExternalUrls {

    /** Host name to addresses; the system resolver, or a test's. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** The runtime asks this before it connects to an external bot. */
    @org.springframework.stereotype.Component
    static class Policy implements io.ftfleet.runtime.ExternalAddressPolicy {
        private final BotProperties properties;
        private volatile Resolver resolver = InetAddress::getAllByName;

        Policy(BotProperties properties) {
            this.properties = properties;
        }

        @Override
        public Optional<String> refusal(java.net.URI baseUrl) {
            return ExternalUrls.refusal(baseUrl.toString(), properties.external().allowPrivate(), resolver);
        }

        /** Test seam: a host that resolves elsewhere than it did when its URL was stored. */
        void resolveWith(Resolver resolver) {
            this.resolver = resolver;
        }
    }

    /** Metadata services outside link-local space (AWS IPv6, Alibaba Cloud). */
    private static final Set<String> METADATA = Set.of("fd00:ec2:0:0:0:0:0:254", "100.100.100.200");

    private ExternalUrls() {
    }

    /** Why {@code url} may not be used, or empty when it may. */
    static Optional<String> refusal(String url, boolean allowPrivate) {
        return refusal(url, allowPrivate, InetAddress::getAllByName);
    }

    static Optional<String> refusal(String url, boolean allowPrivate, Resolver resolver) {
        String host;
        try {
            host = new URI(url).getHost();
        } catch (URISyntaxException | NullPointerException e) {
            return Optional.of("must be the bot's API base URL, e.g. http://host:8080");
        }
        if (host == null) {
            return Optional.of("must be the bot's API base URL, e.g. http://host:8080");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return Optional.of("names a host that cannot be resolved");
        }
        for (InetAddress a : addresses) {
            if (a.isLinkLocalAddress() || METADATA.contains(a.getHostAddress())) {
                return Optional.of("must not point at a link-local or cloud metadata address");
            }
            if (a.isAnyLocalAddress() || a.isMulticastAddress()) {
                return Optional.of("must point at one host");
            }
            if (!allowPrivate && isPrivate(a)) {
                return Optional.of("must point at a public address (ftfleet.bots.external.allow-private is off)");
            }
        }
        return Optional.empty();
    }

    static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64; // 100.64/10, carrier-grade NAT
        }
        return a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc; // fc00::/7, unique local
    }
}
