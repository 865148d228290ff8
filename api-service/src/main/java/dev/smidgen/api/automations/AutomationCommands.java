package dev.smidgen.api.automations;

import dev.smidgen.catalog.automations.AutomationEntity;
import dev.smidgen.catalog.automations.AutomationRepository;
import dev.smidgen.model.IdPrefix;
import dev.smidgen.model.Ids;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.automations.AutomationTrigger;
import dev.smidgen.model.automations.ConversionTemplate;
import dev.smidgen.web.http.JsonBody;
import dev.smidgen.web.http.PageRequest;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Automations of a project: validated in full when written (trigger, conditions, every template),
 * stored in their canonical form, so firing them only has to read them.
 */
@ApplicationScoped
public class AutomationCommands {
    static final int MAX_NAME = 255;

    @Inject
    AutomationRepository automations;

    @Transactional
    public AutomationEntity create(String projectId, JsonBody body) {
        if (!body.has("trigger")) {
            throw SmidgenException.invalid("trigger", "trigger is required: {event: \"media.created\", conditions?}.");
        }
        if (!body.has("tasks")) {
            throw SmidgenException.invalid(
                    "tasks",
                    "tasks is required: a list of 1 to " + ConversionTemplate.MAX_TEMPLATES
                            + " tasks {kind, format, width?, height?, quality?, label?}.");
        }
        String name = name(body);
        AutomationTrigger trigger = AutomationTrigger.parse(body.value("trigger"), "trigger");
        List<ConversionTemplate> templates = ConversionTemplate.parseList(body.value("tasks"), "tasks");
        boolean enabled = body.bool("enabled", true);
        Instant now = Instant.now();
        AutomationEntity a = new AutomationEntity();
        a.id = Ids.newId(IdPrefix.AUTOMATION);
        a.projectId = projectId;
        a.name = name;
        a.trigger = trigger.toJson();
        a.tasks = json(templates);
        a.enabled = enabled;
        a.created = now;
        a.updated = now;
        automations.persist(a);
        return a;
    }

    /** Replaces each field the body names ({@code name: null} clears the name); the others stay. */
    @Transactional
    public AutomationEntity patch(String projectId, String id, JsonBody body) {
        AutomationEntity a = find(projectId, id);
        String name = body.has("name") ? name(body) : a.name;
        Map<String, Object> trigger = body.has("trigger")
                ? AutomationTrigger.parse(body.value("trigger"), "trigger").toJson()
                : a.trigger;
        List<Map<String, Object>> tasks =
                body.has("tasks") ? json(ConversionTemplate.parseList(body.value("tasks"), "tasks")) : a.tasks;
        if (body.isNull("enabled")) {
            throw SmidgenException.invalid("enabled", "enabled must be true or false.");
        }
        boolean enabled = body.bool("enabled", a.enabled);
        a.name = name;
        a.trigger = trigger;
        a.tasks = tasks;
        a.enabled = enabled;
        a.updated = Instant.now();
        return a;
    }

    @Transactional
    public void delete(String projectId, String id) {
        automations.delete(find(projectId, id));
    }

    @Transactional
    public AutomationEntity find(String projectId, String id) {
        return automations.findInProject(projectId, id).orElseThrow(() -> SmidgenException.notFound("Automation"));
    }

    /** A page of automations, newest first. */
    @Transactional
    public Page page(String projectId, PageRequest page) {
        var query = automations.find("projectId", Sort.descending("created", "id"), projectId);
        long total = query.count();
        List<AutomationView> items = query.range(page.offset(), page.offset() + page.limit() - 1).list().stream()
                .map(AutomationView::new)
                .toList();
        return new Page(items, total);
    }

    private static String name(JsonBody body) {
        String name = body.string("name");
        if (name != null && name.length() > MAX_NAME) {
            throw SmidgenException.invalid("name", "name must be at most " + MAX_NAME + " characters.");
        }
        return name;
    }

    private static List<Map<String, Object>> json(List<ConversionTemplate> templates) {
        List<Map<String, Object>> json = new ArrayList<>(templates.size());
        templates.forEach(t -> json.add(t.toJson()));
        return json;
    }

    /** One page of automations and the total across all pages. */
    public record Page(List<AutomationView> items, long total) {}
}
