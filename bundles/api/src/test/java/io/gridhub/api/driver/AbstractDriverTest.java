package io.gridhub.api.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AbstractDriverTest {
    @interface Settings {}

    static final class Numbers extends AbstractDriver<Settings, Integer> {
        Numbers() {
            super("numbers", Settings.class, Numbers::parse);
        }

        static Integer parse(String text) throws AddressException {
            try {
                return Integer.valueOf(text);
            } catch (NumberFormatException e) {
                throw new AddressException(text, "not a number");
            }
        }

        @Override
        public Connection<Integer> connect(Settings settings, DeviceContext context) throws ConnectionException {
            throw new ConnectionException("no device");
        }
    }

    @Test
    void answersWhatItWasGiven() throws Exception {
        Numbers d = new Numbers();

        assertThat(d.id()).isEqualTo("numbers");
        assertThat(d.settingsType()).isEqualTo(Settings.class);
        assertThat(d.factoryPid()).isEqualTo("io.gridhub.driver.numbers.device");
        assertThat(d.parseAddress("42")).isEqualTo(42);
        assertThat(d.format(42)).isEqualTo("42");
    }

    @Test
    void passesTheParsersRefusalOn() {
        assertThatThrownBy(() -> new Numbers().parseAddress("x"))
                .isInstanceOf(AddressException.class)
                .hasMessage("address 'x': not a number");
    }
}
