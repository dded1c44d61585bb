package org.chatinbox.ingest.enrich;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.chatinbox.ingest.config.IngestConfig;
import org.jboss.logging.Logger;

import com.maxmind.db.CHMCache;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.CityResponse;

/**
 * City and country of an IP address from a MaxMind GeoIP2/GeoLite2 City database, when one is configured. The project ships
 * none: its licence is the operator's to accept.
 */
@ApplicationScoped
public class GeoLocator {

    private static final Logger LOG = Logger.getLogger(GeoLocator.class);

    /** Where an address is; either part may be null. */
    public record Place(String city, String country) {
    }

    private final DatabaseReader reader;

    @Inject
    public GeoLocator(IngestConfig config) throws IOException {
        this(config.geoipDatabase());
    }

    GeoLocator(Optional<Path> database) throws IOException {
        if (database.isPresent()) {
            this.reader = new DatabaseReader.Builder(database.get().toFile()).withCache(new CHMCache()).build();
            LOG.infof("GeoIP database %s loaded (%s)", database.get(), reader.getMetadata().getDatabaseType());
        } else {
            this.reader = null;
        }
    }

    public Optional<Place> locate(String ip) {
        if (reader == null || ip == null || !looksLikeAddress(ip)) {
            return Optional.empty();
        }
        try {
            // a literal address never triggers a DNS lookup
            Optional<CityResponse> city = reader.tryCity(InetAddress.getByName(ip));
            return city.map(c -> new Place(c.getCity().getName(), c.getCountry().getIsoCode()));
        } catch (UnknownHostException e) {
            return Optional.empty();
        } catch (IOException | GeoIp2Exception e) {
            LOG.debugf("no place for %s: %s", ip, e.getMessage());
            return Optional.empty();
        }
    }

    /** Only IPv4 or IPv6 literals reach {@link InetAddress#getByName}, so a host name never costs a DNS query. */
    static boolean looksLikeAddress(String ip) {
        return ip.matches("[0-9.]{7,15}") || ip.contains(":") && ip.matches("[0-9A-Fa-f:.]{2,45}");
    }

    @PreDestroy
    void close() throws IOException {
        if (reader != null) {
            reader.close();
        }
    }
}
