package io.ftfleet.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

import io.ftfleet.support.FullStackTest;

import org.hibernate.bytecode.spi.BytecodeProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** core/NoEntityProxies: Hibernate runs without generated classes (no entity proxies), and a request for a proxy fails loudly. */
@FullStackTest
class NoEntityProxiesTests {

    @Autowired
    EntityManagerFactory factory;

    @Test
    void hibernateBuildsNoProxiesAndRefusesAReferenceInsteadOfLoadingSilently() {
        BytecodeProvider provider = factory.unwrap(SessionFactoryImplementor.class).getServiceRegistry()
                .requireService(BytecodeProvider.class);
        assertThat(provider).isInstanceOf(org.hibernate.bytecode.internal.none.BytecodeProviderImpl.class);

        try (EntityManager em = factory.createEntityManager()) {
            assertThatThrownBy(() -> em.getReference(User.class, 1L)).isInstanceOf(RuntimeException.class);
            assertThat(em.find(User.class, 1L)).isNotNull();
        }
    }
}
