package dev.smidgen.api.uploads;

import dev.smidgen.api.ingest.NameClaims;
import dev.smidgen.catalog.projects.ProjectEntity;
import dev.smidgen.catalog.uploads.UploadConfig;
import dev.smidgen.catalog.uploads.UploadSessionEntity;
import dev.smidgen.catalog.uploads.UploadSessionRepository;
import dev.smidgen.catalog.uploads.UploadStatus;
import dev.smidgen.model.IdPrefix;
import dev.smidgen.model.Ids;
import dev.smidgen.model.SmidgenException;
import dev.smidgen.model.uploads.UploadToken;
import dev.smidgen.web.http.PageRequest;
import dev.smidgen.web.uploads.UploadView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Upload sessions of a project: created here with an API key, fed by clients at the upload service. */
@ApplicationScoped
public class UploadSessions {
    @Inject
    UploadSessionRepository sessions;

    @Inject
    NameClaims names;

    @Inject
    UploadConfig config;

    @Transactional
    public UploadView create(ProjectEntity project, UploadRequest request) {
        names.refuseTaken(project.id, request.folder(), request.filename(), request.overwrite(), request.alias());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        UploadSessionEntity session = new UploadSessionEntity();
        session.id = Ids.newId(IdPrefix.UPLOAD);
        session.projectId = project.id;
        session.status = UploadStatus.OPEN;
        session.resumable = request.resumable();
        session.folder = request.folder();
        session.filename = request.filename();
        session.title = request.title();
        session.alias = request.alias();
        session.overwrite = request.overwrite();
        session.metadata = request.metadata();
        session.conditions = request.conditions().toJson();
        session.storageKey = UploadSessionEntity.storageKeyOf(project.id, session.id);
        session.expires = now.plus(request.expiresIn());
        session.created = now;
        session.updated = now;
        sessions.persist(session);
        return view(project, session);
    }

    @Transactional
    public UploadView find(ProjectEntity project, String id) {
        return view(
                project, sessions.findInProject(project.id, id).orElseThrow(() -> SmidgenException.notFound("Upload")));
    }

    /** Newest first; {@code fingerprint} finds a client's unfinished session again (metadata.fingerprint). */
    @Transactional
    public Page page(ProjectEntity project, String status, String fingerprint, PageRequest page) {
        StringBuilder where = new StringBuilder(" WHERE project_id = :project");
        if (status != null) {
            UploadStatus.fromWire(status);
            where.append(" AND status = :status");
        }
        if (fingerprint != null) {
            where.append(" AND metadata ->> 'fingerprint' = :fingerprint");
        }
        EntityManager em = sessions.getEntityManager();
        Query rows = em.createNativeQuery(
                "SELECT * FROM upload_sessions" + where + " ORDER BY created DESC, id DESC LIMIT :limit OFFSET :offset",
                UploadSessionEntity.class);
        Query count = em.createNativeQuery("SELECT count(*) FROM upload_sessions" + where);
        for (Query q : List.of(rows, count)) {
            q.setParameter("project", project.id);
            if (status != null) {
                q.setParameter("status", status);
            }
            if (fingerprint != null) {
                q.setParameter("fingerprint", fingerprint);
            }
        }
        rows.setParameter("limit", page.limit()).setParameter("offset", (long) (page.page() - 1) * page.limit());
        List<UploadView> views = new ArrayList<>();
        for (Object row : rows.getResultList()) {
            views.add(view(project, (UploadSessionEntity) row));
        }
        return new Page(views, ((Number) count.getSingleResult()).longValue());
    }

    /** One page of sessions and the total. */
    public record Page(List<UploadView> items, long total) {}

    private UploadView view(ProjectEntity project, UploadSessionEntity session) {
        String url = UploadView.takesBytes(session)
                ? UploadView.storeUrl(
                        config.baseUrl(), session, UploadToken.issue(session.id, session.expires, project.signingKey))
                : null;
        return new UploadView(session, url, null);
    }
}
