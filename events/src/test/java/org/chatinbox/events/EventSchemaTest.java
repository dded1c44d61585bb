package org.chatinbox.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.chatinbox.events.validation.ChannelName;
import org.chatinbox.events.validation.ConversationId;
import org.chatinbox.events.validation.Identifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;

/** The JSON Schemas are published for channel authors: they must say what the records enforce. */
class EventSchemaTest {

    private static final Set<Class<? extends Annotation>> REQUIRED = Set.of(NotNull.class, NotBlank.class,
            Identifier.class, ConversationId.class, ChannelName.class);

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaRequiresExactlyWhatTheRecordRequires(EventType type) throws Exception {
        JsonNode schema;
        try (InputStream in = EventSchemaTest.class.getResourceAsStream(type.schemaResource())) {
            assertThat(in).as("schema of %s", type.type()).isNotNull();
            schema = EventJson.mapper().readTree(in);
        }

        assertThat(schema.at("/properties/type/const").asText()).isEqualTo(type.type());
        Set<String> required = new HashSet<>();
        schema.at("/properties/data/required").forEach(n -> required.add(n.asText()));
        Set<String> properties = new HashSet<>();
        schema.at("/properties/data/properties").fieldNames().forEachRemaining(properties::add);

        RecordComponent[] components = type.dataClass().getRecordComponents();
        assertThat(properties).isEqualTo(Arrays.stream(components).map(RecordComponent::getName).collect(Collectors.toSet()));
        assertThat(required).isEqualTo(Arrays.stream(components)
                .filter(c -> isRequired(type, c))
                .map(RecordComponent::getName).collect(Collectors.toSet()));
    }

    // constraints land on the record's fields (their targets do not include record components)
    private static boolean isRequired(EventType type, RecordComponent component) {
        try {
            return Arrays.stream(type.dataClass().getDeclaredField(component.getName()).getAnnotations())
                    .anyMatch(a -> REQUIRED.contains(a.annotationType()));
        } catch (NoSuchFieldException e) {
            throw new AssertionError(e);
        }
    }
}
