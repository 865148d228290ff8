package dev.smidgen.api.files;

import dev.smidgen.api.http.LibraryResource;
import dev.smidgen.catalog.listing.LibraryQueries;
import dev.smidgen.catalog.listing.ListRequest;
import dev.smidgen.catalog.tasks.TaskEntity;
import dev.smidgen.web.files.FileView;
import dev.smidgen.web.http.JsonBody;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code /files}: stored objects; {@code POST} ingests a URL synchronously. */
@Path("/files")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class FileResource extends LibraryResource<FileView> {
    @Inject
    FileQueries files;

    @Inject
    FileCommands commands;

    @Override
    protected String collection() {
        return "/files";
    }

    @Override
    protected FileView view(String projectId, String id) {
        return files.view(projectId, id);
    }

    @Override
    protected String idOf(FileView view) {
        return view.file().id;
    }

    @Override
    protected FileView created(String projectId, TaskEntity task) {
        return files.view(projectId, task.fileId);
    }

    @Override
    protected LibraryQueries.Page<FileView> page(String projectId, ListRequest request) {
        return files.page(projectId, request);
    }

    @Override
    protected void edit(String projectId, String id, JsonBody body) {
        commands.patch(projectId, id, body);
    }

    @Override
    protected void remove(String projectId, String id) {
        commands.delete(projectId, id);
    }

    @Override
    protected String removed(String id) {
        return "File " + id + " deleted.";
    }
}
