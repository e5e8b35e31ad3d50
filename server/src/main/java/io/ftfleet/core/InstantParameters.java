package io.ftfleet.core;

import java.text.ParseException;
import java.time.Instant;
import java.util.Locale;

import org.springframework.context.annotation.Configuration;
import org.springframework.format.Formatter;
import org.springframework.format.FormatterRegistry;
import org.springframework.format.datetime.standard.InstantFormatter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Instants in query and path parameters must lie in the years 1 to 9999. Java parses
 * {@code -999999999-01-01T00:00:00Z}, but adding a day to it, or handing it to a database, fails; so such values
 * are refused as a wrong parameter (422 naming it) instead of failing later as a 500.
 */
@Configuration(proxyBeanMethods = false)
class InstantParameters implements WebMvcConfigurer {

    static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

    @Override
    public void addFormatters(FormatterRegistry registry) {
        registry.addFormatterForFieldType(Instant.class, new Bounded());
    }

    static final class Bounded implements Formatter<Instant> {
        private final InstantFormatter parser = new InstantFormatter();

        @Override
        public Instant parse(String text, Locale locale) throws ParseException {
            Instant at = parser.parse(text, locale);
            if (at.isBefore(MIN) || at.isAfter(MAX)) {
                throw new IllegalArgumentException("instant outside the years 1 to 9999");
            }
            return at;
        }

        @Override
        public String print(Instant object, Locale locale) {
            return parser.print(object, locale);
        }
    }
}
