package io.ftfleet.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class AuditCsvTests {

    @Test
    void plainValuesAreWrittenAsTheyAreAndNullsAsEmptyFields() {
        assertThat(AuditController.Csv.row(Arrays.asList("1", null, "user.created"))).isEqualTo("1,,user.created\r\n");
    }

    @Test
    void valuesWithCommasQuotesOrLineBreaksAreQuotedAndQuotesDoubled() {
        assertThat(AuditController.Csv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditController.Csv.field("{\"k\":1}")).isEqualTo("\"{\"\"k\"\":1}\"");
        assertThat(AuditController.Csv.field("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(AuditController.Csv.field("cr\rhere")).isEqualTo("\"cr\rhere\"");
        assertThat(AuditController.Csv.field(" padded")).isEqualTo("\" padded\"");
    }
}
