package io.ftfleet.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrometheusScrapeTests {

    @ParameterizedTest(name = "{0} -> OpenMetrics: {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "null | false",
            "'' | false",
            "*/* | false",
            "text/plain | false",
            "text/plain;version=0.0.4;q=0.5,*/*;q=0.1 | false",
            "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1 | true",
            "text/plain;q=0.9,application/openmetrics-text | true",
            "application/openmetrics-text;q=0.4,text/plain;q=0.5 | false",
            "application/openmetrics-text;q=0 | false",
            "application/* | true",
            "not a media type | false" })
    void prefersOpenMetricsOnlyWhenItIsTheBestAcceptedTypeItCanProduce(String accept, boolean openMetrics) {
        assertThat(PrometheusScrape.prefersOpenMetrics(accept)).isEqualTo(openMetrics);
    }
}
