package dev.hardway.testbed;

import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Behind {@link RequiresTestBed}: skips (or, under {@code CI=true}, fails) tests when the test bed is not
 * available, and injects {@link TestBed} parameters.
 *
 * <p>Skipping disables each test method with the reason, so reports count them as skipped one by one.
 * Under {@code CI=true} every such test fails with the reason instead.
 */
public final class TestBedExtension implements ExecutionCondition, BeforeEachCallback, ParameterResolver {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> reason = TestBed.unavailableReason();
        if (reason.isEmpty()) {
            return ConditionEvaluationResult.enabled("test bed available");
        }
        if (isCi()) {
            return ConditionEvaluationResult.enabled("CI=true: runs and fails without the test bed");
        }
        if (context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("test methods are skipped one by one");
        }
        return ConditionEvaluationResult.disabled("test bed not available: " + reason.get());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        requireTestBed();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestBed.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        requireTestBed();
        return TestBed.get();
    }

    /** Aborts (skip) or fails the current test when the test bed is not available. */
    static void requireTestBed() {
        Optional<String> reason = TestBed.unavailableReason();
        if (reason.isEmpty()) {
            return;
        }
        String message = "test bed not available: " + reason.get();
        if (isCi()) {
            Assertions.fail(message + " (CI=true: integration tests must run)");
        }
        Assumptions.abort(message);
    }

    private static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }
}
