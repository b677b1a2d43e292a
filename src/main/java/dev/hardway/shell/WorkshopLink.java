package dev.hardway.shell;

import dev.hardway.lesson.ProgressEvents;
import dev.hardway.workshop.Sender;
import dev.hardway.workshop.WireEvent;
import dev.hardway.workshop.WorkshopClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * A learner shell's link to the instructor (after {@code workshop join}): the engine's recorded progress and the
 * drills' break/heal go into the workshop queue, a background {@link Sender} delivers them with a heartbeat, and
 * what the instructor opened or said is shown at the next prompt. Without a join it does nothing.
 */
@Component
public class WorkshopLink implements DisposableBean {

    private final ShellSession session;
    private final WorkshopClient client;
    private Sender sender;

    public WorkshopLink(ShellSession session, LessonSession lessons, PromptProvider prompt) {
        this.session = session;
        this.client = WorkshopClient.of(session.home());
        lessons.onProgress(this::recorded);
        lessons.startGate(this::closedReason);
        prompt.addNotices(this::notices);
        // the instructor's mirror is the download source while joined (docs/workshop.md, "Mirror")
        session.workshopMirror(() -> {
            WorkshopClient.Joined j = client.joined() ? client.state() : null;
            return j == null ? null : j.mirror;
        });
    }

    public WorkshopClient client() {
        return client;
    }

    /** Starts the background sender when joined (idempotent). */
    public synchronized void connect() {
        if (sender == null && client.joined()) {
            sender = new Sender(client, Sender.HEARTBEAT, null).start();
        }
    }

    public synchronized void disconnect() {
        if (sender != null) {
            sender.close();
            sender = null;
        }
    }

    private void recorded(ProgressEvents.Event e) {
        queue(new WireEvent(0, e.kind().id(), e.lesson(), e.step(), e.text(), e.at()));
    }

    /** break/heal from the drills. {@code what} is the fault as {@code faults} describes it, or "all". */
    public void drill(String type, String what) {
        queue(new WireEvent(0, type, null, null, what, java.time.Instant.now()));
    }

    private void queue(WireEvent e) {
        if (!client.joined()) {
            return;
        }
        try {
            client.record(e);
        } catch (IOException x) {
            dev.hardway.progress.StateFiles.notice("the workshop event could not be queued (" + x.getMessage()
                    + "); the instructor will not see it");
            return;
        }
        connect();
        synchronized (this) {
            if (sender != null) {
                sender.wake();
            }
        }
    }

    /** Why {@code lesson} cannot be started now (the instructor has not opened it), or null. */
    private String closedReason(String lesson, List<String> course) {
        if (!client.joined()) {
            return null;
        }
        WorkshopClient.Joined j = client.state();
        if (j == null || j.open == null) {
            return null;
        }
        int open = course.indexOf(j.open);
        int at = course.indexOf(lesson);
        if (open < 0 || at <= open) {
            return null;
        }
        return lesson + " is not open yet: the instructor has opened lessons up to " + j.open + ". Try: lesson start "
                + j.open + " (or wait for the instructor's workshop open)";
    }

    /** Lines for the next prompt: what the instructor said or opened since the last one. */
    private List<String> notices() {
        if (!client.joined()) {
            return List.of();
        }
        connect();
        return client.takeNotices();
    }

    /** The end of the process: a last try to deliver what waits (one-shot commands end right after). */
    @Override
    public void destroy() {
        disconnect();
        if (client.joined() && client.waiting() > 0) {
            client.flush(Duration.ofSeconds(2));
        }
    }

    ShellSession session() {
        return session;
    }
}
