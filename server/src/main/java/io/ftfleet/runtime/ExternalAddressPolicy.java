package io.ftfleet.runtime;

import java.net.URI;
import java.util.Optional;

/**
 * Whether the server may connect to an external bot's address now. Asked before every connection, not only when
 * the URL is stored: a host name can resolve elsewhere later (DNS rebinding towards a metadata service or an
 * internal network). The bot module implements it with its {@code external_url} rules.
 */
public interface ExternalAddressPolicy {

    /** Why the server must not connect to {@code baseUrl} now, or empty when it may. */
    Optional<String> refusal(URI baseUrl);
}
