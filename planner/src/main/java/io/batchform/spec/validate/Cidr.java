package io.batchform.spec.validate;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/16}), parsed strictly: no host bits set. Public for
 * {@link #overlapping}, which the plan uses on the prefixes of the state and the spec.
 */
public record Cidr(BigInteger network, int prefix, int bits, String text) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    /** A parsed network, or the reason the text is not one. */
    sealed interface Parsed permits Ok, Bad {
    }

    record Ok(Cidr cidr) implements Parsed {
    }

    record Bad(String reason) implements Parsed {
    }

    static Parsed parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new Bad("'" + text + "' is not a CIDR: write an address and a prefix length, such as 10.0.0.0/16");
        }
        String address = text.substring(0, slash);
        String length = text.substring(slash + 1);
        boolean v4 = IPV4.matcher(address).matches();
        boolean v6 = !v4 && address.contains(":") && IPV6.matcher(address).matches();
        if (!v4 && !v6) {
            return new Bad("'" + text + "' is not a CIDR: '" + address + "' is not an IP address");
        }
        if (v4) {
            for (String part : address.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return new Bad("'" + text + "' is not a CIDR: '" + address + "' is not an IP address");
                }
            }
        }
        int bits = v4 ? 32 : 128;
        if (!length.matches("\\d{1,3}") || Integer.parseInt(length) > bits) {
            return new Bad("'" + text + "' is not a CIDR: the prefix length must be 0 to " + bits);
        }
        int prefix = Integer.parseInt(length);
        BigInteger value;
        try {
            value = new BigInteger(1, InetAddress.getByName(address).getAddress());
        } catch (UnknownHostException e) {
            return new Bad("'" + text + "' is not a CIDR: '" + address + "' is not an IP address");
        }
        BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
        if (!value.and(hostMask).equals(BigInteger.ZERO)) {
            BigInteger network = value.andNot(hostMask);
            return new Bad("'" + text + "' has host bits set: the network is " + format(network, bits) + "/" + prefix);
        }
        return new Ok(new Cidr(value, prefix, bits, text));
    }

    BigInteger first() {
        return network;
    }

    BigInteger last() {
        return network.add(BigInteger.ONE.shiftLeft(bits - prefix)).subtract(BigInteger.ONE);
    }

    boolean contains(Cidr other) {
        return bits == other.bits && first().compareTo(other.first()) <= 0 && last().compareTo(other.last()) >= 0;
    }

    /** Whether two networks written in CIDR notation share an address; false when either is not a network. */
    public static boolean overlapping(String a, String b) {
        return parse(a) instanceof Ok first && parse(b) instanceof Ok second && first.cidr().overlaps(second.cidr());
    }

    boolean overlaps(Cidr other) {
        return bits == other.bits && first().compareTo(other.last()) <= 0 && other.first().compareTo(last()) <= 0;
    }

    private static String format(BigInteger value, int bits) {
        byte[] raw = value.toByteArray();
        byte[] bytes = new byte[bits / 8];
        int copy = Math.min(raw.length, bytes.length);
        System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + bytes.length + " bytes is always valid", e);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
