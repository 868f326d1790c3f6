using Engine.Runtime.Matching;

namespace Engine.Runtime.Conditions;

/// <summary>A policy value of a family that admits variables: fixed text, or a template filled per request.</summary>
/// <param name="Text">The fixed text (escaped when the family globs), or null.</param>
/// <param name="Template">The template when the value holds variables, or null.</param>
internal readonly record struct PolicyValue(string? Text, ValueTemplate? Template)
{
    /// <summary>Resolves the value for a request; false when a variable has no value (§6.4).</summary>
    internal bool TryResolve(Evaluation.AuthorizationRequest request, bool escapeVariables, out ReadOnlySpan<char> text)
    {
        if (Template is null)
        {
            text = Text;
            return true;
        }

        return Template.TryRender(request, escapeVariables, out text);
    }
}
