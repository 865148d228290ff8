package dev.smidgen.model.uploads;

import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.probe.ProbedFacts;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Conditions an uploaded file must meet (docs/api/uploads.md#conditions): rules on its
 * probed facts, combined with {@code &&} (all must hold) or {@code ||} (one must hold).
 */
public final class UploadConditions {
    public static final String ALL = "&&";
    public static final String ANY = "||";
    public static final int MAX_RULES = 20;
    /** No conditions: every file passes. */
    public static final UploadConditions NONE = new UploadConditions(ALL, List.of());

    private static final String FIELD = "conditions";

    private final String operator;
    private final List<Rule> rules;

    private UploadConditions(String operator, List<Rule> rules) {
        this.operator = operator;
        this.rules = List.copyOf(rules);
    }

    /**
     * Conditions built in code; {@code operator} is {@link #ALL} or {@link #ANY} and there are 1 to
     * {@link #MAX_RULES} rules. Use {@link #NONE} for no conditions.
     */
    public static UploadConditions of(String operator, List<Rule> rules) {
        if (!ALL.equals(operator) && !ANY.equals(operator)) {
            throw new IllegalArgumentException("The operator must be && or ||, not " + operator);
        }
        if (rules.isEmpty() || rules.size() > MAX_RULES) {
            throw new IllegalArgumentException("Conditions need 1 to " + MAX_RULES + " rules, not " + rules.size());
        }
        return new UploadConditions(operator, rules);
    }

    /**
     * Reads request JSON: null (no conditions), {@code {operator?, rules}} or a bare list of rules
     * (meaning {@code &&}). Throws {@code invalid_request} naming the JSON path of the first problem.
     */
    public static UploadConditions parse(Object json) {
        if (json == null) {
            return NONE;
        }
        if (json instanceof List<?> list) {
            return new UploadConditions(ALL, parseRules(list, FIELD));
        }
        if (!(json instanceof Map<?, ?> map)) {
            throw SmidgenException.invalid(FIELD, "conditions must be an object {operator, rules} or a list of rules.");
        }
        Object operator = map.get("operator");
        if (operator == null) {
            operator = ALL;
        } else if (!ALL.equals(operator) && !ANY.equals(operator)) {
            throw SmidgenException.invalid(
                    FIELD + ".operator", "conditions.operator must be \"&&\" (all rules) or \"||\" (any rule).");
        }
        String rulesField = FIELD + ".rules";
        if (!(map.get("rules") instanceof List<?> list)) {
            throw SmidgenException.invalid(
                    rulesField, "conditions.rules must be a list of 1 to " + MAX_RULES + " rules.");
        }
        return new UploadConditions((String) operator, parseRules(list, rulesField));
    }

    private static List<Rule> parseRules(List<?> raw, String field) {
        if (raw.isEmpty() || raw.size() > MAX_RULES) {
            throw SmidgenException.invalid(
                    field, field + " must have 1 to " + MAX_RULES + " rules, not " + raw.size() + ".");
        }
        List<Rule> rules = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            rules.add(parseRule(raw.get(i), field + "[" + i + "]"));
        }
        return rules;
    }

    private static Rule parseRule(Object raw, String field) {
        if (!(raw instanceof Map<?, ?> rule)) {
            throw SmidgenException.invalid(field, "Each rule must be an object {key, operator, value}.");
        }
        // ittybit's docs name the key both "key" and "prop"; accept either, or both if they agree.
        Object key = rule.get("key");
        Object prop = rule.get("prop");
        Object name = key != null ? key : prop;
        String keyField = field + (key != null || prop == null ? ".key" : ".prop");
        String keys = "The key of a rule must be one of " + RuleKey.ALL + ".";
        if (name == null) {
            throw SmidgenException.invalid(keyField, keys);
        }
        RuleKey k = RuleKey.fromWire(name).orElseThrow(() -> SmidgenException.invalid(keyField, keys));
        if (key != null && prop != null && RuleKey.fromWire(prop).orElse(null) != k) {
            throw SmidgenException.invalid(
                    field + ".prop",
                    "key and prop are two spellings of the same field: give one of them, or the same key in both.");
        }
        Comparison comparison = Comparison.fromSymbol(rule.get("operator"))
                .orElseThrow(() -> SmidgenException.invalid(
                        field + ".operator", "The operator of a rule must be one of " + Comparison.ALL + "."));
        if (!k.allows(comparison)) {
            throw SmidgenException.invalid(field + ".operator", k.operatorExpectation());
        }
        Object value = k.canonical(rule.get("value"));
        if (value == null) {
            throw SmidgenException.invalid(field + ".value", k.valueExpectation());
        }
        return new Rule(k.wire(), comparison.symbol(), value);
    }

    /** {@link #ALL} or {@link #ANY}. */
    public String operator() {
        return operator;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** Whether these are {@link #NONE}: no rules, every file passes. */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * Checks a probed file. With {@code &&} the failed rules are those that do not hold; with
     * {@code ||} a file that fails fails every rule, so all of them are listed.
     */
    public Evaluation evaluate(ProbedFacts facts) {
        Objects.requireNonNull(facts, "facts");
        List<Rule> failed = rules.stream().filter(r -> !r.holds(facts)).toList();
        if (ANY.equals(operator) && !rules.isEmpty()) {
            boolean passed = failed.size() < rules.size();
            return new Evaluation(passed, passed ? List.of() : rules);
        }
        return new Evaluation(failed.isEmpty(), failed);
    }

    /**
     * The rules a file of {@code size} bytes is certain to fail before any byte is read, so an
     * upload with that Content-Length or Upload-Length can be refused at once. With {@code ||}
     * that is only certain when every rule is a filesize rule and all of them are violated.
     */
    public List<Rule> failuresForDeclaredSize(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("A declared size cannot be negative: " + size);
        }
        ProbedFacts sizeOnly = ProbedFacts.ofSize(size);
        List<Rule> violated = rules.stream()
                .filter(r -> r.key().equals(RuleKey.FILESIZE.wire()) && !r.holds(sizeOnly))
                .toList();
        if (ANY.equals(operator)) {
            return violated.size() == rules.size() ? violated : List.of();
        }
        return violated;
    }

    /** The canonical stored and returned form; null for {@link #NONE}. */
    public Map<String, Object> toJson() {
        if (isEmpty()) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("operator", operator);
        json.put("rules", rules.stream().map(Rule::toJson).collect(Collectors.toCollection(ArrayList::new)));
        return json;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UploadConditions other && operator.equals(other.operator) && rules.equals(other.rules);
    }

    @Override
    public int hashCode() {
        return Objects.hash(operator, rules);
    }

    /** E.g. {@code kind == video && filesize <= 104857600}, or {@code none}. */
    @Override
    public String toString() {
        return isEmpty()
                ? "none"
                : rules.stream().map(Rule::describe).collect(Collectors.joining(" " + operator + " "));
    }

    /**
     * One rule: {@code key} is canonical ({@code type} becomes {@code mimetype}), {@code value} a
     * String, a Long for whole numbers or a Double. Building one from bad parts throws
     * IllegalArgumentException; request input goes through {@link #parse(Object)} instead.
     */
    public record Rule(String key, String operator, Object value) {
        public Rule {
            String given = key;
            RuleKey k = RuleKey.fromWire(given)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "The key of a rule must be one of " + RuleKey.ALL + ", not " + given));
            Comparison c = Comparison.fromSymbol(operator)
                    .filter(k::allows)
                    .orElseThrow(() -> new IllegalArgumentException(k.operatorExpectation()));
            Object canonical = k.canonical(value);
            if (canonical == null) {
                throw new IllegalArgumentException(k.valueExpectation());
            }
            key = k.wire();
            operator = c.symbol();
            value = canonical;
        }

        /** Whether the file's fact compares as asked; a rule on a fact the file lacks never holds. */
        public boolean holds(ProbedFacts facts) {
            return RuleKey.fromWire(key)
                    .orElseThrow()
                    .holds(Comparison.fromSymbol(operator).orElseThrow(), value, facts);
        }

        /** E.g. {@code filesize <= 104857600}, {@code kind == video}, {@code duration < 2.5}. */
        public String describe() {
            String shown = value instanceof Double d
                    ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString()
                    : value.toString();
            return key + " " + operator + " " + shown;
        }

        /** {@code {"key", "operator", "value"}} as stored and returned. */
        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("key", key);
            json.put("operator", operator);
            json.put("value", value);
            return json;
        }
    }

    /** The outcome of checking a file: whether it passed, and the rules to report when it did not. */
    public record Evaluation(boolean passed, List<Rule> failed) {
        public Evaluation {
            failed = List.copyOf(failed);
        }
    }
}
