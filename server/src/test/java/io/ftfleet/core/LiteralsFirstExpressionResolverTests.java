package io.ftfleet.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/**
 * The server resolves request-mapping names and defaults with {@link LiteralsFirstExpressionResolver}: literals come
 * back unchanged without a cache lookup; expressions still evaluate as with the standard resolver.
 */
@FullStackTest
class LiteralsFirstExpressionResolverTests {

    private final DefaultListableBeanFactory factory = new DefaultListableBeanFactory();
    private final LiteralsFirstExpressionResolver resolver = new LiteralsFirstExpressionResolver(getClass().getClassLoader());
    private final BeanExpressionContext context = new BeanExpressionContext(factory, null);

    @Autowired
    ConfigurableListableBeanFactory server;

    @Test
    void theServerResolvesNamesAndDefaultsLiteralsFirst() {
        assertThat(server.getBeanExpressionResolver()).isInstanceOf(LiteralsFirstExpressionResolver.class);
    }

    @Test
    void literalsAreReturnedAsTheyAreAndExpressionsAreEvaluated() {
        assertThat(resolver.evaluate("limit", context)).isEqualTo("limit");
        assertThat(resolver.evaluate("100", context)).isEqualTo("100");
        assertThat(resolver.evaluate("", context)).isEqualTo("");
        assertThat(resolver.evaluate(null, context)).isNull();
        assertThat(resolver.evaluate("#{1 + 1}", context)).isEqualTo(2);
        assertThat(resolver.evaluate("x-#{'y'}", context)).isEqualTo("x-y");
    }
}
