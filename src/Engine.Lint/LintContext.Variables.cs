using System.Collections.Immutable;

namespace Engine.Lint;

internal sealed partial class LintContext
{
    /// <summary>MISSING_BRACE, EMPTY_VARIABLE and VARIABLE_UNSUPPORTED_IN_VERSION for a value that may hold variables.</summary>
    private void CheckVariables(string text, LocatedJson node, ImmutableArray<PathElement> path)
    {
        int open = text.IndexOf("${", StringComparison.Ordinal);
        if (open < 0)
        {
            return;
        }

        if (!document.RecognisesVariables)
        {
            Report("VARIABLE_UNSUPPORTED_IN_VERSION", $"`{text}` holds a policy variable, but without `\"Version\": \"2012-10-17\"` it is literal text", node, path);
            return;
        }

        while (open >= 0)
        {
            int close = text.IndexOf('}', open);
            if (close < 0)
            {
                Report("MISSING_BRACE", $"the policy variable in `{text}` is not closed with `}}`", node, path);
                return;
            }

            if (close == open + 2)
            {
                Report("EMPTY_VARIABLE", $"`{text}` holds an empty policy variable `${{}}`", node, path);
            }

            open = text.IndexOf("${", close, StringComparison.Ordinal);
        }
    }
}
