/**
 * What lessons, probes and faults act on (DESIGN.md §4). {@link dev.hardway.lab.Labs#open} picks the lab for a
 * cluster: {@link dev.hardway.lab.sim.SimLab} (a deterministic model persisted under {@code $HARDWAY_HOME/labs/}) or
 * {@link dev.hardway.lab.real.RealLab} (nodes through a {@link dev.hardway.target.TargetPool}).
 *
 * <ul>
 *   <li>Lesson engine: {@link dev.hardway.lab.Probes#parse} for {@code probe:} checks (errors as
 *       {@link dev.hardway.lab.ProbeSpecException}), then {@link dev.hardway.lab.Lab#apply},
 *       {@link dev.hardway.lab.Lab#probe} and {@link dev.hardway.lab.Lab#script}.</li>
 *   <li>Probes: one class per probe kind in {@code dev.hardway.lab.probe}, each with a real and a simulated half
 *       ({@code ProbeKind}); lesson probes, {@code inspect}, {@code check}, {@code topology} and the drills all go
 *       through them ({@code LessonProbes}, {@code RealInspector}/{@code SimInspector}).</li>
 *   <li>Shell {@code break}/{@code heal} on the simulated lab: {@code SimLab.powerOff/powerOn/partition/unpartition/
 *       stopUnits/startUnits/crash/activeUnits}.</li>
 * </ul>
 *
 * <p>The real and simulated probes share their commands ({@link dev.hardway.lab.ProbeCommands}) and wording
 * ({@link dev.hardway.lab.Verdicts} and the status records), so a learner sees the same result shape in both.
 */
package dev.hardway.lab;
