package io.ftfleet.core;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.expression.StandardBeanExpressionResolver;

/**
 * Spring MVC passes the name and default of every {@code @RequestParam}, {@code @RequestHeader} and
 * {@code @PathVariable} through the bean expression resolver on every request, and the standard resolver looks each
 * string up in two {@code ConcurrentHashMap}s with {@code computeIfAbsent}. Under load that was a contended monitor on
 * {@code GET /api/v1/bots} (JFR: 30 contended enters, 10 s waited in 10 s at 64 connections; docs/BENCHMARKS.md). A
 * string without the expression prefix {@code #{} is a literal, which the standard resolver would return unchanged
 * anyway, so it is returned at once; real expressions are evaluated as before.
 */
final class LiteralsFirstExpressionResolver extends StandardBeanExpressionResolver {

    LiteralsFirstExpressionResolver(ClassLoader classLoader) {
        super(classLoader);
    }

    @Override
    public Object evaluate(String value, BeanExpressionContext context) throws BeansException {
        if (value == null || !value.contains(DEFAULT_EXPRESSION_PREFIX)) {
            return value;
        }
        return super.evaluate(value, context);
    }

    @Configuration(proxyBeanMethods = false)
    static class Install {

        @Bean
        static BeanFactoryPostProcessor literalsFirstExpressionResolver() {
            return beanFactory -> beanFactory
                    .setBeanExpressionResolver(new LiteralsFirstExpressionResolver(beanFactory.getBeanClassLoader()));
        }
    }
}
