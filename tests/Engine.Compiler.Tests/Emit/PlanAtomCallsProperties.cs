using System.Linq.Expressions;
using Engine.Compiler.Emit;
using Engine.Runtime.Evaluation;
using Engine.Runtime.Matching;
using Engine.Testing.Generators;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Engine.Compiler.Tests.Emit;

/// <summary>
/// A compiled plan matches a <c>Resource</c> pattern by its mode with the pattern's literals in
/// its own code (<see cref="PlanAtomCalls"/>): each form matches exactly what the classified
/// pattern matches (which MatcherProperties checks against the oracle), over generated patterns of
/// every mode and texts built from them.
/// </summary>
public sealed class PlanAtomCallsProperties
{
    [Property(MaxTest = 1500)]
    public Property A_patterns_literal_form_matches_what_the_pattern_matches() =>
        Prop.ForAll(GlobCases.Cases(GlobCases.ArnPattern(arnShaped: false)), c =>
        {
            ResourcePattern pattern = ResourcePattern.Create(c.Pattern);
            ParameterExpression parameter = Expression.Parameter(typeof(AuthorizationRequest), "request");
            Func<AuthorizationRequest, bool> literalForm = Expression.Lambda<Func<AuthorizationRequest, bool>>(PlanAtomCalls.Match(pattern, parameter), parameter).Compile();
            var request = new AuthorizationRequest();
            request.SetResource(c.Text);
            bool expected = pattern.IsMatch(c.Text);
            return (literalForm(request) == expected)
                .Label($"pattern `{c.Pattern}` text `{c.Text}` mode {pattern.Mode} expected {expected}")
                .Classify(expected, "match")
                .Collect(pattern.Mode);
        });
}
