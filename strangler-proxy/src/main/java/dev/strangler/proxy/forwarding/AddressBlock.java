package dev.strangler.proxy.forwarding;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IP address or CIDR block, parsed from literals only: a host name here would make trust depend on DNS.
 */
record AddressBlock(byte[] network, int prefixLength) {

    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

    static AddressBlock parse(String text) {
        String[] parts = text.trim().split("/", 2);
        if (!LITERAL.matcher(parts[0]).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block");
        }
        byte[] address = literal(parts[0]);
        int bits = address.length * 8;
        int prefix = bits;
        if (parts.length == 2) {
            try {
                prefix = Integer.parseInt(parts[1]);
            }
            catch (NumberFormatException ex) {
                throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + bits);
            }
        }
        return new AddressBlock(address, prefix);
    }

    static byte[] literal(String text) {
        if (!LITERAL.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
        try {
            return InetAddress.getByName(text).getAddress();
        }
        catch (UnknownHostException ex) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
    }

    boolean contains(byte[] address) {
        if (address.length != this.network.length) {
            return false;
        }
        int full = this.prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != this.network[i]) {
                return false;
            }
        }
        int rest = this.prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[full] & mask) == (this.network[full] & mask);
    }

}
