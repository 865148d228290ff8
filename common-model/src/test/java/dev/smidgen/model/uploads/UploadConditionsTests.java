package dev.smidgen.model.uploads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smidgen.model.ErrorCode;
import dev.smidgen.model.Kind;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.probe.ProbedFacts;
import dev.smidgen.model.probe.TestFacts;
import dev.smidgen.model.uploads.UploadConditions.Evaluation;
import dev.smidgen.model.uploads.UploadConditions.Rule;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UploadConditionsTests {
    private static final long HUNDRED_MB = 100L * 1024 * 1024;
    private static final ProbedFacts HD_VIDEO = TestFacts.of(Kind.VIDEO, "video/mp4", 50_000_000L, 1920, 1080, 120.5);
    private static final ProbedFacts SONG = TestFacts.of(Kind.AUDIO, "audio/mpeg", 4_000_000L, null, null, 200.0);
    private static final ProbedFacts PHOTO = TestFacts.of(Kind.IMAGE, "image/jpeg; q=0.9", 300_000L, 4000, 3000, null);

    /** A rule as a JSON parser hands it over: insertion-ordered, nulls allowed. */
    private static Map<String, Object> rule(Object key, Object operator, Object value) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("key", key);
        rule.put("operator", operator);
        rule.put("value", value);
        return rule;
    }

    private static Map<String, Object> conditions(Object operator, Object rules) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("operator", operator);
        json.put("rules", rules);
        return json;
    }

    private static SmidgenException assertInvalid(Object json, String field) {
        SmidgenException e = assertThrows(SmidgenException.class, () -> UploadConditions.parse(json));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals(field, e.field());
        assertTrue(e.getMessage().endsWith("."), e.getMessage());
        return e;
    }

    @Test
    void readsTheSpecExampleAndWritesItCanonically() {
        UploadConditions c = UploadConditions.parse(conditions(
                "&&",
                List.of(
                        rule("kind", "==", "video"),
                        rule("filesize", "<=", (int) HUNDRED_MB),
                        rule("width", "<=", 1920),
                        rule("height", "<=", 1920),
                        rule("duration", "<=", 300))));
        assertEquals(UploadConditions.ALL, c.operator());
        assertEquals(5, c.rules().size());
        assertFalse(c.isEmpty());
        Map<String, Object> json = c.toJson();
        assertEquals(List.of("operator", "rules"), new ArrayList<>(json.keySet()));
        assertEquals("&&", json.get("operator"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rules = (List<Map<String, Object>>) json.get("rules");
        assertEquals(
                List.of("key", "operator", "value"),
                new ArrayList<>(rules.get(1).keySet()));
        assertEquals(Map.of("key", "filesize", "operator", "<=", "value", HUNDRED_MB), rules.get(1));
        assertEquals(300L, rules.get(4).get("value"));
        assertEquals(c, UploadConditions.parse(json));
        assertEquals(
                "kind == video && filesize <= 104857600 && width <= 1920 && height <= 1920 && duration <= 300",
                c.toString());
    }

    @Test
    void readsTheBareListWithPropAsAllRules() {
        UploadConditions c = UploadConditions.parse(List.of(
                Map.of("prop", "kind", "operator", "==", "value", "video"),
                Map.of("prop", "filesize", "operator", "<=", "value", 104857600)));
        assertEquals("&&", c.operator());
        assertEquals(List.of(new Rule("kind", "==", "video"), new Rule("filesize", "<=", 104857600L)), c.rules());
        assertEquals(
                "kind",
                ((List<?>) c.toJson().get("rules"))
                        .stream()
                                .map(r -> ((Map<?, ?>) r).get("key"))
                                .findFirst()
                                .orElseThrow());
    }

    @Test
    void operatorIsOptionalAndDefaultsToAll() {
        Map<String, Object> noOperator = new LinkedHashMap<>();
        noOperator.put("rules", List.of(rule("kind", "==", "audio")));
        assertEquals("&&", UploadConditions.parse(noOperator).operator());
        assertEquals(
                "&&",
                UploadConditions.parse(conditions(null, List.of(rule("kind", "==", "audio"))))
                        .operator());
        assertEquals(
                "||",
                UploadConditions.parse(conditions("||", List.of(rule("kind", "==", "audio"))))
                        .operator());
    }

    @Test
    void nullMeansNoConditions() {
        assertSame(UploadConditions.NONE, UploadConditions.parse(null));
        assertTrue(UploadConditions.NONE.isEmpty());
        assertNull(UploadConditions.NONE.toJson());
        assertEquals(new Evaluation(true, List.of()), UploadConditions.NONE.evaluate(SONG));
        assertEquals(
                new Evaluation(true, List.of()),
                UploadConditions.NONE.evaluate(TestFacts.of(null, null, null, null, null, null)));
        assertEquals(List.of(), UploadConditions.NONE.failuresForDeclaredSize(PartSizing.MAX_OBJECT));
    }

    @Test
    void typeIsAnAliasOfMimetype() {
        UploadConditions c = UploadConditions.parse(List.of(rule("type", "==", "video/mp4")));
        assertEquals(new Rule("mimetype", "==", "video/mp4"), c.rules().get(0));
        assertEquals(new Rule("mimetype", "==", "video/mp4"), new Rule("type", "==", "video/mp4"));
    }

    @Test
    void keyAndPropMayBothBeGivenIfTheyAgree() {
        Map<String, Object> both = rule("kind", "==", "video");
        both.put("prop", "kind");
        assertEquals(
                "kind", UploadConditions.parse(List.of(both)).rules().get(0).key());

        Map<String, Object> aliases = rule("type", "==", "video/*");
        aliases.put("prop", "mimetype");
        assertEquals(
                "mimetype",
                UploadConditions.parse(List.of(aliases)).rules().get(0).key());

        Map<String, Object> differ = rule("kind", "==", "video");
        differ.put("prop", "filesize");
        assertInvalid(List.of(differ), "conditions[0].prop");

        Map<String, Object> nullKey = rule(null, "==", "video");
        nullKey.put("prop", "kind");
        assertEquals(
                "kind", UploadConditions.parse(List.of(nullKey)).rules().get(0).key());
    }

    @Test
    void ignoresUnknownFieldsInRulesAndConditions() {
        Map<String, Object> extra = rule("width", ">=", 640);
        extra.put("comment", "at least SD");
        Map<String, Object> json = conditions("&&", List.of(extra));
        json.put("version", 2);
        assertEquals(
                List.of(new Rule("width", ">=", 640L)),
                UploadConditions.parse(json).rules());
    }

    @Test
    void acceptsWholeNumbersInEveryJsonShape() {
        for (Object value : List.of(
                1920,
                1920L,
                BigInteger.valueOf(1920),
                1920.0,
                1920.0f,
                new BigDecimal("1920"),
                new BigDecimal("1.92E+3"),
                new BigDecimal("1920.000"),
                (short) 1920)) {
            assertEquals(
                    1920L,
                    UploadConditions.parse(List.of(rule("width", "<=", value)))
                            .rules()
                            .get(0)
                            .value(),
                    value.getClass().getName());
        }
        assertEquals(
                0L,
                UploadConditions.parse(List.of(rule("filesize", ">", -0.0)))
                        .rules()
                        .get(0)
                        .value());
        assertEquals(
                Long.MAX_VALUE,
                UploadConditions.parse(List.of(rule("filesize", "<", BigInteger.valueOf(Long.MAX_VALUE))))
                        .rules()
                        .get(0)
                        .value());
    }

    @Test
    void durationKeepsFractionsAndWholeSecondsBecomeLong() {
        assertEquals(
                2.5,
                UploadConditions.parse(List.of(rule("duration", "<", 2.5)))
                        .rules()
                        .get(0)
                        .value());
        assertEquals(
                2.5,
                UploadConditions.parse(List.of(rule("duration", "<", new BigDecimal("2.50"))))
                        .rules()
                        .get(0)
                        .value());
        assertEquals(
                300L,
                UploadConditions.parse(List.of(rule("duration", "<", 300.0)))
                        .rules()
                        .get(0)
                        .value());
        assertEquals(
                0L,
                UploadConditions.parse(List.of(rule("duration", ">", 0)))
                        .rules()
                        .get(0)
                        .value());
        assertEquals("duration < 0.001", new Rule("duration", "<", 0.001).describe());
        assertEquals("duration < 2.5", new Rule("duration", "<", 2.5).describe());
    }

    @Test
    void rejectsWhatIsNotConditions() {
        assertInvalid("kind == video", "conditions");
        assertInvalid(42, "conditions");
        assertInvalid(true, "conditions");
        assertInvalid(List.of(), "conditions");
        assertInvalid(Map.of(), "conditions.rules");
        assertInvalid(Map.of("rules", "kind == video"), "conditions.rules");
        assertInvalid(Map.of("rules", Map.of("key", "kind")), "conditions.rules");
        assertInvalid(conditions("&&", List.of()), "conditions.rules");
        assertInvalid(conditions("and", List.of(rule("kind", "==", "video"))), "conditions.operator");
        assertInvalid(conditions("&", List.of(rule("kind", "==", "video"))), "conditions.operator");
        assertInvalid(conditions(1, List.of(rule("kind", "==", "video"))), "conditions.operator");
    }

    @Test
    void allowsAtMostTwentyRules() {
        List<Object> rules = new ArrayList<>();
        for (int i = 0; i < UploadConditions.MAX_RULES; i++) {
            rules.add(rule("filesize", ">=", i));
        }
        assertEquals(20, UploadConditions.parse(rules).rules().size());
        rules.add(rule("filesize", ">=", 0));
        assertTrue(assertInvalid(rules, "conditions").getMessage().contains("20"));
        assertInvalid(conditions("||", rules), "conditions.rules");
    }

    @Test
    void namesTheFieldOfEachBadRule() {
        Object good = rule("kind", "==", "video");
        assertInvalid(conditions("&&", List.of(good, good, "kind == video")), "conditions.rules[2]");
        assertInvalid(List.of(good, List.of("kind", "==", "video")), "conditions[1]");

        // keys
        assertInvalid(List.of(good, good, rule("bitrate", ">", 1)), "conditions[2].key");
        assertInvalid(List.of(rule("Kind", "==", "video")), "conditions[0].key");
        assertInvalid(List.of(rule(7, "==", "video")), "conditions[0].key");
        assertInvalid(List.of(rule(null, "==", "video")), "conditions[0].key");
        assertInvalid(List.of(Map.of("operator", "==", "value", "video")), "conditions[0].key");
        assertInvalid(List.of(Map.of("prop", "colour", "operator", "==", "value", "red")), "conditions[0].prop");

        // operators
        SmidgenException unknown = assertInvalid(
                conditions("||", List.of(good, good, rule("width", "=", 1))), "conditions.rules[2].operator");
        assertTrue(unknown.getMessage().contains("==, !=, >, <, >=, <="), unknown.getMessage());
        assertInvalid(List.of(rule("width", "=<", 1)), "conditions[0].operator");
        assertInvalid(List.of(rule("width", null, 1)), "conditions[0].operator");
        assertInvalid(List.of(rule("width", 1, 1)), "conditions[0].operator");
        SmidgenException unordered = assertInvalid(List.of(rule("kind", ">", "video")), "conditions[0].operator");
        assertTrue(unordered.getMessage().contains("== or !="), unordered.getMessage());
        assertInvalid(List.of(rule("mimetype", "<=", "video/mp4")), "conditions[0].operator");
        assertInvalid(List.of(rule("type", ">=", "video/mp4")), "conditions[0].operator");

        // values
        for (Object bad : new Object[] {"Video", "movie", "", null, 1, List.of("video")}) {
            SmidgenException e = assertInvalid(List.of(rule("kind", "==", bad)), "conditions[0].value");
            assertTrue(e.getMessage().contains("video, audio, image"), e.getMessage());
        }
        for (Object bad : new Object[] {
            "",
            "video",
            "video/",
            "/mp4",
            "*/*",
            "video/mp4; codecs=avc1",
            " video/mp4",
            "video/mp4 ",
            "video/mp*",
            "vidéo/mp4",
            "video/mp4/x",
            null,
            4
        }) {
            assertInvalid(List.of(rule("mimetype", "==", bad)), "conditions[0].value");
        }
        for (String key : List.of("filesize", "width", "height")) {
            for (Object bad : new Object[] {
                -1,
                -1L,
                1.5,
                "100",
                null,
                true,
                Double.NaN,
                Double.POSITIVE_INFINITY,
                1e19,
                new BigInteger("9223372036854775808"),
                new BigDecimal("0.5"),
                Map.of()
            }) {
                SmidgenException e = assertInvalid(List.of(good, rule(key, "<=", bad)), "conditions[1].value");
                assertTrue(e.getMessage().contains("whole number"), e.getMessage());
            }
        }
        for (Object bad : new Object[] {-0.5, -1, "300", null, Double.NaN, Double.NEGATIVE_INFINITY, false}) {
            assertInvalid(List.of(rule("duration", "<=", bad)), "conditions[0].value");
        }
    }

    @Test
    void checksKeyThenOperatorThenValue() {
        assertInvalid(List.of(rule("bitrate", "~", null)), "conditions[0].key");
        assertInvalid(List.of(rule("kind", "~", null)), "conditions[0].operator");
        assertInvalid(List.of(rule("kind", ">", null)), "conditions[0].operator");
    }

    @Test
    void allRulesListEveryRuleThatDoesNotHold() {
        UploadConditions c = UploadConditions.parse(List.of(
                rule("kind", "==", "video"),
                rule("filesize", "<=", HUNDRED_MB),
                rule("width", "<=", 1280),
                rule("duration", "<=", 60)));
        Evaluation e = c.evaluate(HD_VIDEO);
        assertFalse(e.passed());
        assertEquals(List.of(c.rules().get(2), c.rules().get(3)), e.failed());
        assertEquals(
                List.of("width <= 1280", "duration <= 60"),
                e.failed().stream().map(Rule::describe).toList());

        Evaluation small = c.evaluate(TestFacts.of(Kind.VIDEO, "video/webm", 1000L, 640, 360, 59.99));
        assertTrue(small.passed());
        assertEquals(List.of(), small.failed());
    }

    @Test
    void anyRulePassesWhenOneHoldsAndOtherwiseListsThemAll() {
        UploadConditions c = UploadConditions.parse(
                conditions("||", List.of(rule("kind", "==", "image"), rule("duration", "<", 10))));
        assertEquals(new Evaluation(true, List.of()), c.evaluate(PHOTO));
        assertEquals(new Evaluation(true, List.of()), c.evaluate(TestFacts.of(Kind.VIDEO, "video/mp4", 1L, 1, 1, 9.5)));
        assertEquals(new Evaluation(false, c.rules()), c.evaluate(HD_VIDEO));
        assertEquals(new Evaluation(false, c.rules()), c.evaluate(SONG));
    }

    @Test
    void aRuleOnAnUnknownFactNeverHolds() {
        assertFalse(new Rule("width", "<=", 1920).holds(SONG));
        assertFalse(new Rule("width", "!=", 1920).holds(SONG)); // not even "differs": unknown is not a value
        assertFalse(new Rule("duration", ">=", 0).holds(PHOTO));
        assertFalse(new Rule("kind", "!=", "video").holds(TestFacts.of(null, null, null, null, null, null)));
        assertFalse(new Rule("mimetype", "!=", "video/mp4").holds(TestFacts.of(null, null, null, null, null, null)));
        assertFalse(new Rule("duration", ">=", 0).holds(TestFacts.of(Kind.VIDEO, "video/mp4", 1L, 1, 1, Double.NaN)));
        assertEquals(
                List.of(new Rule("height", ">", 0)),
                UploadConditions.parse(List.of(rule("kind", "==", "audio"), rule("height", ">", 0)))
                        .evaluate(SONG)
                        .failed());
    }

    @Test
    void everyOperatorComparesNumbers() {
        ProbedFacts f = TestFacts.of(Kind.VIDEO, "video/mp4", 1000L, 640, 480, 30.0);
        assertTrue(new Rule("filesize", "==", 1000).holds(f));
        assertFalse(new Rule("filesize", "!=", 1000).holds(f));
        assertTrue(new Rule("filesize", "!=", 999).holds(f));
        assertTrue(new Rule("width", ">", 639).holds(f));
        assertFalse(new Rule("width", ">", 640).holds(f));
        assertTrue(new Rule("width", ">=", 640).holds(f));
        assertFalse(new Rule("width", ">=", 641).holds(f));
        assertTrue(new Rule("height", "<", 481).holds(f));
        assertFalse(new Rule("height", "<", 480).holds(f));
        assertTrue(new Rule("height", "<=", 480).holds(f));
        assertFalse(new Rule("height", "<=", 479).holds(f));
        assertTrue(new Rule("duration", "==", 30).holds(f)); // a Long rule value against a Double fact
        assertTrue(new Rule("duration", "<", 30.001).holds(f));
        assertFalse(new Rule("duration", ">", 30.0).holds(f));
        assertTrue(new Rule("filesize", "<=", Long.MAX_VALUE)
                .holds(TestFacts.of(null, null, Long.MAX_VALUE, null, null, null)));
        assertFalse(new Rule("filesize", "<", Long.MAX_VALUE)
                .holds(TestFacts.of(null, null, Long.MAX_VALUE, null, null, null)));
    }

    @Test
    void mimetypesCompareWithoutCaseOrParameters() {
        assertTrue(new Rule("mimetype", "==", "video/mp4")
                .holds(TestFacts.of(Kind.VIDEO, "video/mp4; codecs=\"avc1.42E01E\"", 1L, 1, 1, 1.0)));
        assertTrue(new Rule("mimetype", "==", "Video/MP4").holds(TestFacts.of(Kind.VIDEO, "VIDEO/mp4", 1L, 1, 1, 1.0)));
        assertTrue(new Rule("mimetype", "==", "image/jpeg").holds(PHOTO));
        assertFalse(
                new Rule("mimetype", "==", "video/mp4").holds(TestFacts.of(Kind.VIDEO, "video/mp4v", 1L, 1, 1, 1.0)));
        assertTrue(
                new Rule("mimetype", "!=", "video/mp4").holds(TestFacts.of(Kind.VIDEO, "video/webm", 1L, 1, 1, 1.0)));
        assertFalse(new Rule("mimetype", "!=", "video/mp4").holds(HD_VIDEO));
    }

    @Test
    void wildcardSubtypesMatchAnyTypeOfTheirKind() {
        Rule anyVideo = new Rule("mimetype", "==", "video/*");
        assertTrue(anyVideo.holds(HD_VIDEO));
        assertTrue(anyVideo.holds(TestFacts.of(Kind.VIDEO, "VIDEO/QuickTime; x=1", 1L, 1, 1, 1.0)));
        assertFalse(anyVideo.holds(SONG));
        assertFalse(anyVideo.holds(TestFacts.of(Kind.VIDEO, "videos/mp4", 1L, 1, 1, 1.0)));
        assertFalse(anyVideo.holds(TestFacts.of(Kind.VIDEO, "video/", 1L, 1, 1, 1.0)));
        assertFalse(anyVideo.holds(TestFacts.of(Kind.VIDEO, "video", 1L, 1, 1, 1.0)));
        assertTrue(new Rule("mimetype", "!=", "audio/*").holds(HD_VIDEO));
        assertFalse(new Rule("mimetype", "!=", "audio/*").holds(SONG));
    }

    @Test
    void kindsCompareAsWords() {
        assertTrue(new Rule("kind", "==", "video").holds(HD_VIDEO));
        assertFalse(new Rule("kind", "==", "video").holds(SONG));
        assertTrue(new Rule("kind", "!=", "video").holds(SONG));
    }

    @Test
    void aDeclaredSizeFailsTheFilesizeRulesItViolates() {
        UploadConditions all = UploadConditions.parse(List.of(
                rule("kind", "==", "video"),
                rule("filesize", "<=", HUNDRED_MB),
                rule("filesize", ">=", 1024),
                rule("width", "<", 10)));
        assertEquals(List.of(), all.failuresForDeclaredSize(HUNDRED_MB));
        assertEquals(List.of(all.rules().get(1)), all.failuresForDeclaredSize(HUNDRED_MB + 1));
        assertEquals(List.of(all.rules().get(2)), all.failuresForDeclaredSize(0));
        assertEquals(
                List.of(new Rule("filesize", "!=", 5)),
                UploadConditions.parse(List.of(rule("filesize", "!=", 5))).failuresForDeclaredSize(5));
        assertEquals(
                List.of(),
                UploadConditions.parse(List.of(rule("width", "<", 10))).failuresForDeclaredSize(HUNDRED_MB));
        assertThrows(IllegalArgumentException.class, () -> all.failuresForDeclaredSize(-1));
    }

    @Test
    void aDeclaredSizeFailsAnyRulesOnlyWhenAllAreViolatedFilesizeRules() {
        UploadConditions sizes = UploadConditions.parse(
                conditions("||", List.of(rule("filesize", "<=", 1000), rule("filesize", ">=", 5000))));
        assertEquals(List.of(), sizes.failuresForDeclaredSize(10));
        assertEquals(List.of(), sizes.failuresForDeclaredSize(6000));
        assertEquals(sizes.rules(), sizes.failuresForDeclaredSize(2000));

        UploadConditions mixed = UploadConditions.parse(
                conditions("||", List.of(rule("filesize", "<=", 1000), rule("kind", "==", "image"))));
        assertEquals(List.of(), mixed.failuresForDeclaredSize(2000)); // a small image may still pass
    }

    @Test
    void rulesBuiltInCodeAreCanonicalOrRefused() {
        Rule r = new Rule("type", "==", "audio/*");
        assertEquals("mimetype", r.key());
        assertEquals("mimetype == audio/*", r.describe());
        assertEquals(1920L, new Rule("width", "<=", 1920).value());
        assertEquals("kind == video", new Rule("kind", "==", "video").describe());
        assertEquals("filesize <= 104857600", new Rule("filesize", "<=", 104857600).describe());
        assertThrows(IllegalArgumentException.class, () -> new Rule("bitrate", "==", 1));
        assertThrows(IllegalArgumentException.class, () -> new Rule(null, "==", 1));
        assertThrows(IllegalArgumentException.class, () -> new Rule("kind", "<", "video"));
        assertThrows(IllegalArgumentException.class, () -> new Rule("kind", "==", "movie"));
        assertThrows(IllegalArgumentException.class, () -> new Rule("width", "<=", -1));
        assertThrows(IllegalArgumentException.class, () -> new Rule("width", "~", 1));
    }

    @Test
    void conditionsBuiltInCodeAreChecked() {
        UploadConditions c = UploadConditions.of("||", List.of(new Rule("kind", "==", "video")));
        assertEquals(UploadConditions.parse(conditions("||", List.of(rule("kind", "==", "video")))), c);
        assertEquals(
                c.hashCode(),
                UploadConditions.parse(conditions("||", List.of(rule("kind", "==", "video"))))
                        .hashCode());
        assertFalse(c.equals(UploadConditions.of("&&", List.of(new Rule("kind", "==", "video")))));
        assertThrows(IllegalArgumentException.class, () -> UploadConditions.of("&&", List.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> UploadConditions.of("and", List.of(new Rule("kind", "==", "video"))));
        assertEquals("none", UploadConditions.NONE.toString());
    }

    @Test
    void canonicalJsonRoundTripsAndIsACopy() {
        UploadConditions c = UploadConditions.parse(conditions(
                "||",
                List.of(
                        Map.of("prop", "type", "operator", "!=", "value", "video/*"),
                        rule("duration", ">", new BigDecimal("1.5")),
                        rule("filesize", "<", 1e6))));
        Map<String, Object> json = c.toJson();
        assertEquals(
                Map.of(
                        "operator",
                        "||",
                        "rules",
                        List.of(
                                Map.of("key", "mimetype", "operator", "!=", "value", "video/*"),
                                Map.of("key", "duration", "operator", ">", "value", 1.5),
                                Map.of("key", "filesize", "operator", "<", "value", 1_000_000L))),
                json);
        assertEquals(c, UploadConditions.parse(json));
        json.put("operator", "&&");
        assertEquals("||", c.toJson().get("operator"));
        assertThrows(UnsupportedOperationException.class, () -> c.rules().add(new Rule("kind", "==", "video")));
    }
}
