package io.ftfleet.freqtrade;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code GET /whitelist}: the active pairs (including pairs of open trades).
 *
 * @param method the configured pairlist handlers, e.g. {@code [StaticPairList]}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Whitelist(List<String> whitelist, int length, List<String> method) {

    public Whitelist {
        whitelist = whitelist == null ? List.of() : List.copyOf(whitelist);
        method = method == null ? List.of() : List.copyOf(method);
    }
}
