package dev.hardway.testbed;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class or method that needs the running namespace test bed (src/test/lab/lab.sh).
 *
 * <p>When the test bed is not available (HARDWAY_TESTBED_DIR unset, HARDWAY_TESTBED_SKIP set by
 * jvm-in-lab.sh, the lab not up, or this JVM outside the lab's client namespace) the test is
 * <b>skipped</b> with the reason, or <b>fails</b> with it when the environment variable {@code CI=true}.
 * A {@link TestBed} parameter of a test method, lifecycle method or constructor is injected.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(TestBedExtension.class)
public @interface RequiresTestBed {
}
