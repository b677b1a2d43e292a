package dev.hardway.render;

import freemarker.core.CommonMarkupOutputFormat;
import freemarker.core.CommonTemplateMarkupOutputModel;
import java.io.IOException;
import java.io.Writer;

/**
 * Freemarker output format for bash scripts ({@code run:} blocks): every {@code ${...}} interpolation is
 * shell-quoted, so a value from a cluster config can never inject a command. Values made only of characters that
 * are safe in a bash word ({@code A-Za-z0-9 _ . / : = , @ % + -}) are left as they are, so rendered scripts stay
 * readable ({@code ETCD_NAME=master1}); anything else is single-quoted. {@code ?no_esc} opts out.
 */
public final class ShellOutputFormat extends CommonMarkupOutputFormat<ShellOutputFormat.ShellOutputModel> {

    public static final ShellOutputFormat INSTANCE = new ShellOutputFormat();

    private ShellOutputFormat() {
    }

    /** Quotes one value for bash (see the class comment). */
    public static String quote(String s) {
        if (!s.isEmpty() && s.chars().allMatch(ShellOutputFormat::safe)) {
            return s;
        }
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    private static boolean safe(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "_./:=,@%+-".indexOf(c) >= 0;
    }

    @Override
    public String getName() {
        return "bash";
    }

    @Override
    public String getMimeType() {
        return "text/x-shellscript";
    }

    @Override
    public void output(String textToEsc, Writer out) throws IOException {
        out.write(quote(textToEsc));
    }

    @Override
    public String escapePlainText(String plainTextContent) {
        return quote(plainTextContent);
    }

    @Override
    public boolean isLegacyBuiltInBypassed(String builtInName) {
        return false;
    }

    @Override
    protected ShellOutputModel newTemplateMarkupOutputModel(String plainTextContent, String markupContent) {
        return new ShellOutputModel(plainTextContent, markupContent);
    }

    /** Markup output of the bash format. */
    public static final class ShellOutputModel extends CommonTemplateMarkupOutputModel<ShellOutputModel> {
        ShellOutputModel(String plainTextContent, String markupContent) {
            super(plainTextContent, markupContent);
        }

        @Override
        public ShellOutputFormat getOutputFormat() {
            return INSTANCE;
        }
    }
}
