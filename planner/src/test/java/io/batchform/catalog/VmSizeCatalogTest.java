package io.batchform.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class VmSizeCatalogTest {
    private final VmSizeCatalog catalog = VmSizeCatalog.shipped();

    @Test
    void findsSizesIgnoringCase() {
        VmSizeCatalog.VmSize size = catalog.find("standard_d2S_V3").orElseThrow();
        assertThat(size.name()).isEqualTo("Standard_D2s_v3");
        assertThat(size.family()).isEqualTo("standardDSv3Family");
        assertThat(size.vcpus()).isEqualTo(2);
        assertThat(size.lowPriorityCapable()).contains(true);
        assertThat(size.batchListed()).isTrue();
    }

    @Test
    void keepsUnknownLowPriorityCapabilityUnknown() {
        VmSizeCatalog.VmSize basic = catalog.find("Basic_A0").orElseThrow();
        assertThat(basic.lowPriorityCapable()).isEmpty();
        assertThat(basic.current()).isFalse();
        assertThat(catalog.find("Standard_A0").orElseThrow().lowPriorityCapable()).isEqualTo(Optional.of(false));
    }

    @Test
    void holdsEveryRowOfTheCsv() {
        assertThat(catalog.size()).isEqualTo(1464);
        assertThat(catalog.find("Standard_D2s_v9")).isEmpty();
        assertThat(catalog.find("Standard_HB120-16rs_v3").orElseThrow().vcpusAvailable()).isEqualTo(16);
    }
}
