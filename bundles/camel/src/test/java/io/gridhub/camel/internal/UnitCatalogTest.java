package io.gridhub.camel.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gridhub.api.model.Quantity;
import org.junit.jupiter.api.Test;

class UnitCatalogTest {
    @Test
    void convertsEnergyPowerTemperatureAndPrices() {
        assertThat(UnitCatalog.converter("kWh", "Wh").convert(1.5)).isCloseTo(1500, within(1e-9));
        assertThat(UnitCatalog.converter("MWh", "Wh").convert(2)).isCloseTo(2e6, within(1e-6));
        assertThat(UnitCatalog.converter("kW", "W").convert(-3.2)).isCloseTo(-3200, within(1e-9));
        assertThat(UnitCatalog.converter("MW", "W").convert(1)).isCloseTo(1e6, within(1e-6));
        assertThat(UnitCatalog.converter("degF", "Cel").convert(212)).isCloseTo(100, within(1e-9));
        assertThat(UnitCatalog.converter("degF", "Cel").convert(32)).isCloseTo(0, within(1e-9));
        assertThat(UnitCatalog.converter("K", "Cel").convert(273.15)).isCloseTo(0, within(1e-9));
        assertThat(UnitCatalog.converter("EUR/MWh", "EUR/kWh").convert(78.5)).isCloseTo(0.0785, within(1e-12));
        assertThat(UnitCatalog.converter("km/h", "m/s").convert(36)).isCloseTo(10, within(1e-9));
        assertThat(UnitCatalog.converter("kvar", "var").convert(2)).isCloseTo(2000, within(1e-9));
    }

    @Test
    void everyQuantityUnitOfTheModelIsKnown() {
        for (Quantity q : Quantity.values()) {
            assertThat(UnitCatalog.unit(q.unit())).as(q.name()).isNotNull();
            assertThat(UnitCatalog.converter(q.unit(), q.unit()).convert(42.0)).isEqualTo(42.0);
        }
    }

    @Test
    void refusesUnknownUnitsAndConversionsAcrossQuantities() {
        assertThatThrownBy(() -> UnitCatalog.unit("kWhh")).hasMessageContaining("unknown unit 'kWhh'");
        assertThatThrownBy(() -> UnitCatalog.converter("kWh", "W")).hasMessageContaining("cannot be converted");
        assertThatThrownBy(() -> UnitCatalog.converter("EUR/MWh", "Wh")).hasMessageContaining("cannot be converted");
    }
}
