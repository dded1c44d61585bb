package org.chatinbox.ingest.enrich;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a MaxMind DB (format 2.0, IPv4, 24-bit records) that places one /24 network in one city, so GeoIP lookups are tested
 * against the real reader without shipping a licensed database. The format is MaxMind's published specification: a binary
 * search tree over the address bits, 16 zero bytes, the data section, then the metadata after its marker.
 */
final class MiniCityDatabase {

    private MiniCityDatabase() {
    }

    static Path write(Path file, int[] network24, String city, String countryIsoCode) throws IOException {
        int nodeCount = 24;
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("city", Map.of("names", Map.of("en", city)));
        record.put("country", Map.of("iso_code", countryIsoCode, "names", Map.of("en", countryIsoCode)));
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        encode(record, data);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int address = network24[0] << 16 | network24[1] << 8 | network24[2];
        for (int node = 0; node < nodeCount; node++) {
            int bit = address >>> (23 - node) & 1;
            // the path's next node, or (after the 24th bit) the record; every other branch has no data
            long onPath = node + 1 < nodeCount ? node + 1 : nodeCount + 16;
            long left = bit == 0 ? onPath : nodeCount;
            long right = bit == 1 ? onPath : nodeCount;
            writeUnsigned(out, left, 3);
            writeUnsigned(out, right, 3);
        }
        out.write(new byte[16]);
        data.writeTo(out);
        out.write(new byte[]{(byte) 0xAB, (byte) 0xCD, (byte) 0xEF});
        out.write("MaxMind.com".getBytes(StandardCharsets.UTF_8));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("node_count", new Unsigned(6, nodeCount));
        metadata.put("record_size", new Unsigned(5, 24));
        metadata.put("ip_version", new Unsigned(5, 4));
        metadata.put("database_type", "GeoLite2-City");
        metadata.put("languages", List.of("en"));
        metadata.put("binary_format_major_version", new Unsigned(5, 2));
        metadata.put("binary_format_minor_version", new Unsigned(5, 0));
        metadata.put("build_epoch", new Unsigned(9, 1_795_342_530L));
        metadata.put("description", Map.of("en", "chat-inbox test database"));
        encode(metadata, out);
        return Files.write(file, out.toByteArray());
    }

    /** An unsigned integer of a given MMDB type: 5 uint16, 6 uint32, 9 uint64. */
    private record Unsigned(int type, long value) {
    }

    private static void encode(Object value, ByteArrayOutputStream out) {
        if (value instanceof String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            control(out, 2, bytes.length);
            out.writeBytes(bytes);
        } else if (value instanceof Map<?, ?> map) {
            control(out, 7, map.size());
            map.forEach((key, item) -> {
                encode(key, out);
                encode(item, out);
            });
        } else if (value instanceof List<?> list) {
            control(out, 11, list.size());
            list.forEach(item -> encode(item, out));
        } else if (value instanceof Unsigned number) {
            int length = (64 - Long.numberOfLeadingZeros(number.value()) + 7) / 8;
            control(out, number.type(), length);
            writeUnsigned(out, number.value(), length);
        } else {
            throw new IllegalArgumentException("cannot encode " + value);
        }
    }

    /** The control byte: type in the top three bits (0 and an extra byte for types above 7), size below 29 inline. */
    private static void control(ByteArrayOutputStream out, int type, int size) {
        if (size >= 29) {
            throw new IllegalArgumentException("sizes of 29 and more are not needed here");
        }
        if (type <= 7) {
            out.write(type << 5 | size);
        } else {
            out.write(size);
            out.write(type - 7);
        }
    }

    private static void writeUnsigned(ByteArrayOutputStream out, long value, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)) & 0xFF);
        }
    }
}
