package dev.hardway.render;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.InvalidReferenceException;
import freemarker.core.ParseException;
import freemarker.core.PlainTextOutputFormat;
import freemarker.core.TemplateConfiguration;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one Freemarker {@link Configuration} of hardway (DESIGN.md §3 "Templates"): strict — a missing value is an
 * error naming the template and line, never an empty string — and with a bash output format for scripts.
 *
 * <p>Template names resolve against the given directories first (lessons/, so authors can add templates without
 * rebuilding), then the classpath folder {@code templates/}.
 */
public final class Renderer {

    private final Configuration cfg;

    public Renderer(List<Path> templateDirs) {
        cfg = new Configuration(Configuration.VERSION_2_3_34);
        cfg.setDefaultEncoding("UTF-8");
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        cfg.setOutputFormat(PlainTextOutputFormat.INSTANCE);
        cfg.setNumberFormat("computer");
        cfg.setBooleanFormat("c");
        cfg.setRegisteredCustomOutputFormats(List.of(ShellOutputFormat.INSTANCE));
        // Lesson sets may come from other people: a template must not instantiate classes ("...Execute"?new() would
        // run host commands) nor reach the Java API. The model is plain maps, lists and strings, so templates need
        // neither; Java objects that slip in show their properties only.
        cfg.setNewBuiltinClassResolver(freemarker.core.TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setAPIBuiltinEnabled(false);
        freemarker.template.DefaultObjectWrapperBuilder wrapper = new freemarker.template.DefaultObjectWrapperBuilder(
                Configuration.VERSION_2_3_34);
        wrapper.setExposureLevel(freemarker.ext.beans.BeansWrapper.EXPOSE_PROPERTIES_ONLY);
        cfg.setObjectWrapper(wrapper.build());
        List<TemplateLoader> loaders = new ArrayList<>();
        for (Path dir : templateDirs) {
            try {
                loaders.add(new FileTemplateLoader(dir.toFile()));
            } catch (IOException e) {
                throw dev.hardway.HardwayException.badInput("template directory " + dir + " cannot be read ("
                        + e.getMessage() + ")", "check the lessons directory and its permissions");
            }
        }
        loaders.add(new ClassTemplateLoader(Renderer.class.getClassLoader(), "templates"));
        cfg.setTemplateLoader(new MultiTemplateLoader(loaders.toArray(TemplateLoader[]::new)));
    }

    public Renderer() {
        this(List.of());
    }

    /** Renders a template file (plain text: config files, units, markdown). */
    public String renderFile(String templateName, Map<String, ?> model) throws RenderException {
        try {
            Template t = cfg.getTemplate(templateName);
            return process(t, model);
        } catch (ParseException e) {
            throw new RenderException(templateName, e.getLineNumber(), templateName + ":" + e.getLineNumber() + ": ",
                    "template syntax error: " + syntax(e), "fix the Freemarker syntax at that line", e);
        } catch (freemarker.template.TemplateNotFoundException e) {
            throw new RenderException(templateName, 0, "", "template '" + templateName + "' not found",
                    "check the file name and that it sits beside lesson.yaml", e);
        } catch (IOException e) {
            throw new RenderException(templateName, 0, "", "template '" + templateName + "' cannot be read: "
                    + e.getMessage(), null, e);
        }
    }

    /**
     * Renders a template given as text (a lesson's {@code run:}, {@code explain:}, {@code fail:}).
     *
     * @param name      shown in errors, e.g. {@code lessons/05-etcd/lesson.yaml:42 steps[2].run}
     * @param lineBase  line of the text's first line in its file, so errors point into the YAML file
     * @param bash      true for scripts: interpolations are shell-quoted ({@link ShellOutputFormat})
     */
    public String renderText(String name, int lineBase, String source, Map<String, ?> model, boolean bash)
            throws RenderException {
        try {
            TemplateConfiguration tc = new TemplateConfiguration();
            tc.setParentConfiguration(cfg);
            tc.setOutputFormat(bash ? ShellOutputFormat.INSTANCE : PlainTextOutputFormat.INSTANCE);
            Template t = new Template(name, name, new StringReader(source), cfg, tc, null);
            tc.apply(t);
            return process(t, model, name, lineBase);
        } catch (ParseException e) {
            int line = lineBase + e.getLineNumber() - 1;
            throw new RenderException(name, line, name + " (line " + line + "): ", "template syntax error: "
                    + syntax(e), "fix the ${...} expression there", e);
        } catch (IOException e) {
            throw new RenderException(name, lineBase, name + ": ", e.getMessage(), null, e);
        }
    }

    private String process(Template t, Map<String, ?> model) throws RenderException {
        return process(t, model, t.getName(), 1);
    }

    private String process(Template t, Map<String, ?> model, String name, int lineBase) throws RenderException {
        StringWriter out = new StringWriter();
        try {
            t.process(model, out);
            return out.toString();
        } catch (InvalidReferenceException e) {
            int line = lineBase + (e.getLineNumber() == null ? 1 : e.getLineNumber()) - 1;
            String expr = e.getBlamedExpressionString();
            throw new RenderException(name, line, name + (lineBase == 1 ? ":" + line : " (line " + line + ")") + ": ",
                    "'" + expr + "' has no value for this cluster", "use a value the template model has"
                    + " (docs/authoring.md lists them), or guard it with <#if " + expr + "??>", e);
        } catch (TemplateException e) {
            int line = lineBase + (e.getLineNumber() == null ? 1 : e.getLineNumber()) - 1;
            throw new RenderException(name, line, name + (lineBase == 1 ? ":" + line : " (line " + line + ")") + ": ",
                    firstLine(e.getMessageWithoutStackTop()), "fix the expression at that line", e);
        } catch (IOException e) {
            throw new RenderException(name, 0, name + ": ", e.getMessage(), null, e);
        }
    }

    /** Freemarker's one-line syntax message, without the pattern list it announces on later lines. */
    private static String syntax(ParseException e) {
        return firstLine(e.getEditorMessage()).replaceFirst(",? but was expecting one of these patterns:$", "");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String first = s.strip().lines().findFirst().orElse("");
        return first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
    }

    /** For tests and tools that need the raw configuration (e.g. to list a template's variables). */
    public Configuration configuration() {
        return cfg;
    }
}
