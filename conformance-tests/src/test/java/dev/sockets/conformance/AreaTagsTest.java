package dev.sockets.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every area of the kits carries the tag of its name, so that {@code -Dgroups=Connect} runs one area
 * (README, "One area"): an area added without its tag could not be selected.
 */
class AreaTagsTest {

    @ParameterizedTest
    @ValueSource(classes = {ConformanceKit.class, InteropKit.class})
    void everyAreaIsTaggedWithItsName(Class<?> kit) {
        Map<String, List<String>> tags = new TreeMap<>();
        for (Class<?> area : kit.getDeclaredClasses()) {
            if (!Modifier.isStatic(area.getModifiers()) && area.isAnnotationPresent(Nested.class)) {
                tags.put(area.getSimpleName(), Arrays.stream(area.getAnnotationsByType(Tag.class)).map(Tag::value).toList());
            }
        }
        Map<String, List<String>> expected = new TreeMap<>();
        tags.keySet().forEach(name -> expected.put(name, List.of(name)));
        assertEquals(expected, tags, kit.getSimpleName() + ": the tags of each area");
    }
}
