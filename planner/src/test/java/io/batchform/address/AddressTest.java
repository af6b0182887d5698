package io.batchform.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AddressTest {
    @ParameterizedTest
    @ValueSource(strings = {"pool.render", "subnet.main.pools", "applicationPackage.blender[\"4.1\"]",
            "batchAccount.main", "resourceGroup.main", "storageAccount.data_01"})
    void printsAndParsesBack(String text) {
        assertThat(Address.parse(text).toString()).isEqualTo(text);
    }

    @Test
    void sortsByTypeInDependencyOrderThenByName() {
        List<Address> addresses = new ArrayList<>(List.of(Address.parse("pool.b"), Address.parse("pool.a"),
                Address.parse("batchAccount.main"), Address.parse("subnet.main.pools"), Address.parse("resourceGroup.main")));
        Collections.sort(addresses);
        assertThat(addresses).extracting(Address::toString).containsExactly("resourceGroup.main", "subnet.main.pools",
                "batchAccount.main", "pool.a", "pool.b");
    }

    @Test
    void refusesWhatIsNotAnAddress() {
        assertThatThrownBy(() -> Address.parse("pol.render")).hasMessageContaining("unknown resource type 'pol'");
        assertThatThrownBy(() -> Address.parse("subnet.main")).hasMessageContaining("2 non-empty name(s)");
        assertThatThrownBy(() -> Address.parse("render")).hasMessageContaining("is not an address");
    }
}
