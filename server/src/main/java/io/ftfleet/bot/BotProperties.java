package io.ftfleet.bot;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param external settings of external bots (reached by URL)
 */
@ConfigurationProperties("ftfleet.bots")
record BotProperties(@DefaultValue External external) {

    /**
     * @param allowPrivate whether {@code external_url} may point at loopback and private networks (10/8, 172.16/12,
     *                     192.168/16, 100.64/10, fc00::/7): true by default, as external bots usually run next to the
     *                     server or on its LAN; set false when users must only reach public hosts. Link-local and
     *                     cloud-metadata addresses are refused either way.
     */
    record External(@DefaultValue("true") boolean allowPrivate) {
    }
}
