package io.gridhub.api.driver;

/** An address that does not parse; the message names the address and what is wrong with it. */
public class AddressException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String address;

    public AddressException(String address, String problem) {
        super("address '" + address + "': " + problem);
        this.address = address;
    }

    public String address() {
        return address;
    }
}
