package io.ftfleet.core;

import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.bytecode.spi.BytecodeProvider;
import org.hibernate.cfg.BytecodeSettings;
import org.hibernate.service.spi.ServiceContributor;

import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs Hibernate without generated classes: no lazy proxy and no reflection optimizer is built per entity at start-up.
 * Generating them with ByteBuddy was about 7 % of the main thread's CPU at start-up (docs/BENCHMARKS.md), for nothing
 * this server uses: its entities have no associations and nothing asks for a reference (getReference) instead of the
 * row. Hibernate's own "no bytecode" provider is the one it uses when no provider is on the class path; asking it for
 * a proxy fails loudly. Registered in META-INF/services, where Hibernate's bootstrap looks for service contributors.
 */
public final class NoEntityProxies implements ServiceContributor {

    @Override
    public void contribute(StandardServiceRegistryBuilder registry) {
        registry.addService(BytecodeProvider.class, provider());
    }

    private static BytecodeProvider provider() {
        return new org.hibernate.bytecode.internal.none.BytecodeProviderImpl();
    }

    /**
     * The same provider for the class transformer Hibernate prepares for build-time style enhancement (which needs a
     * load-time weaver this server does not have): without it Hibernate builds a ByteBuddy provider just for that.
     */
    @Configuration(proxyBeanMethods = false)
    static class Settings {

        @Bean
        HibernatePropertiesCustomizer noEnhancementBytecode() {
            return properties -> properties.put(BytecodeSettings.BYTECODE_PROVIDER_INSTANCE, provider());
        }
    }
}
