package dev.hardway.shell;

import dev.hardway.cluster.ClusterModel;
import dev.hardway.cluster.LoadResult;
import dev.hardway.lab.Lab;
import dev.hardway.lesson.LessonEngine;
import dev.hardway.target.TargetPool;

/**
 * What one active cluster brings, as one object: the loaded config and its model, the connections to its nodes,
 * the lab over them and the lesson engine over that lab. {@link ShellSession} makes a new one on every
 * {@code cluster use} and closes the old one, so nothing can outlive the pool it was built on. The parts are
 * opened lazily ({@code --version}-like commands stay fast); access goes through {@link ShellSession}'s lock.
 */
final class LabContext implements AutoCloseable {

    final LoadResult cluster;
    final ClusterModel model;
    TargetPool pool;
    Lab lab;
    LessonEngine engine;

    LabContext(LoadResult cluster) {
        this.cluster = cluster;
        this.model = new ClusterModel(cluster.config());
    }

    /** Closes the lab and its connections; the engine goes with them. The cluster stays loaded. */
    void closeLab() {
        engine = null;
        if (lab != null) {
            lab.close();
            lab = null;
        }
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    @Override
    public void close() {
        closeLab();
    }
}
