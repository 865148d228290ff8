package dev.smidgen.api.automations;

import dev.smidgen.catalog.automations.AutomationEntity;
import dev.smidgen.catalog.automations.AutomationRepository;
import dev.smidgen.catalog.files.FileEntity;
import dev.smidgen.catalog.files.FileRepository;
import dev.smidgen.catalog.files.FileStatus;
import dev.smidgen.catalog.media.MediaEntity;
import dev.smidgen.catalog.tasks.ConversionRequest;
import dev.smidgen.catalog.tasks.ConversionTasks;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.automations.AutomationTrigger;
import dev.smidgen.model.automations.ConversionTemplate;
import dev.smidgen.model.convert.ConversionCheck;
import dev.smidgen.model.convert.StoryboardOptions;
import dev.smidgen.model.probe.ProbedFacts;
import dev.smidgen.model.webhooks.EventTopic;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Fires the project's enabled automations for a new media item: each whose conditions its original
 * file meets creates a conversion task per template, marked with the automation's id. A template
 * that does not fit this input (an audio file and a video template, an upscale) becomes a task
 * that failed at once with the reason, so the user sees why no source came of it. Runs in the
 * dispatcher's transaction for the {@code media.created} event, so a crash neither loses the tasks
 * nor creates them twice.
 */
@ApplicationScoped
public class AutomationFiring {
    private static final Logger LOG = Logger.getLogger(AutomationFiring.class);

    @Inject
    AutomationRepository automations;

    @Inject
    FileRepository files;

    @Inject
    ConversionTasks conversions;

    /** Fires for {@code item}; returns how many tasks it created (failed ones included). */
    @Transactional(Transactional.TxType.MANDATORY)
    public int fire(String projectId, MediaEntity item) {
        List<AutomationEntity> enabled = automations.listEnabled(projectId);
        if (enabled.isEmpty()) {
            return 0;
        }
        Optional<FileEntity> original = files.listOfMedia(item.id).stream()
                .filter(f -> f.original && FileStatus.READY.equals(f.status))
                .findFirst();
        if (original.isEmpty()) {
            LOG.warnf("%s: no ready original file; its automations do not fire", item.id);
            return 0;
        }
        FileEntity file = original.get();
        ProbedFacts facts = file.facts();
        int created = 0;
        for (AutomationEntity automation : enabled) {
            AutomationTrigger trigger;
            List<ConversionTemplate> templates;
            try {
                trigger = AutomationTrigger.parse(automation.trigger, "trigger");
                templates = ConversionTemplate.parseList(automation.tasks, "tasks");
            } catch (SmidgenException e) {
                // Stored rows were validated when written; one that no longer reads is skipped, not fatal.
                LOG.errorf(
                        "%s: stored automation does not read (%s); skipped for %s",
                        automation.id, e.getMessage(), item.id);
                continue;
            }
            if (trigger.event() != EventTopic.MEDIA_CREATED || !trigger.matches(facts)) {
                continue;
            }
            for (ConversionTemplate t : templates) {
                ConversionRequest request = new ConversionRequest(
                        file.id,
                        item.id,
                        null,
                        t.kind(),
                        t.format(),
                        t.width(),
                        t.height(),
                        t.quality(),
                        t.start(),
                        t.label(),
                        null,
                        automation.id,
                        t.encoding(),
                        StoryboardOptions.NONE);
                try {
                    // Checked here first: an exception out of ConversionTasks.create would mark this whole
                    // transaction for rollback (it is @Transactional), losing the event's other work.
                    ConversionCheck.check(facts, t.format(), t.width(), t.height(), t.start(), t.encoding());
                } catch (SmidgenException why) {
                    conversions.createFailed(projectId, request, why);
                    created++;
                    continue;
                }
                conversions.create(projectId, request);
                created++;
            }
            LOG.infof("%s: automation %s fired (%d template(s))", item.id, automation.id, templates.size());
        }
        return created;
    }
}
