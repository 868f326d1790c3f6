using Engine.Compiler.Model;
using FsCheck;
using FsCheck.Fluent;

namespace Engine.Testing.Generators;

/// <summary>
/// Action and NotAction elements derived from the request action (iam-semantics.md §4): exact,
/// case-changed, wildcards at the start, end, middle, <c>?</c>, <c>*</c> alone — and the
/// entries that never match (wildcard prefix, comma lists, other catalog actions).
/// </summary>
public static class ActionPatterns
{
    /// <summary>One entry, biased toward matching <paramref name="action"/>.</summary>
    /// <param name="action">The request action, <c>prefix:name</c>.</param>
    /// <param name="allowStar">Whether the lone <c>*</c> may be produced (RCPs forbid it, §2.5).</param>
    public static Gen<string> Entry(string action, bool allowStar)
    {
        int colon = action.IndexOf(':', StringComparison.Ordinal);
        string prefix = action[..colon];
        string name = action[(colon + 1)..];
        Gen<string> other = Gen.Elements(IamCatalog.Actions.AsEnumerable());
        var options = new List<(int, Gen<string>)>
        {
            (8, Gen.Constant(action)),
            (3, TextMutations.MixCase(action)),
            (3, Gen.Constant(prefix + ":*")),
            (3, Gen.Choose(0, name.Length).Select(k => $"{prefix}:{name[..k]}*")),
            (2, Gen.Choose(0, name.Length).Select(k => $"{prefix}:*{name[k..]}")),
            (2, TextMutations.StarRun(action, colon + 1)),
            (2, TextMutations.ReplaceOne(action, colon + 1, "?")),
            (3, other),
            (1, Gen.Constant("*:" + name)),
            (1, other.Select(o => action + "," + o[(o.IndexOf(':', StringComparison.Ordinal) + 1)..])),
            (1, TextMutations.NearMiss(action, colon + 1)),
        };
        if (allowStar)
        {
            options.Add((2, Gen.Constant("*")));
        }

        return Gen.Frequency(options.ToArray());
    }

    /// <summary>An Action (or, sometimes, NotAction) element of one to three entries.</summary>
    public static Gen<ActionElement> Element(string action, bool allowNot, bool allowStar) =>
        from isNot in allowNot ? Gen.Frequency((6, Gen.Constant(false)), (1, Gen.Constant(true))) : Gen.Constant(false)
        from count in Gen.Frequency((4, Gen.Constant(1)), (2, Gen.Constant(2)), (1, Gen.Constant(3)))
            // NotAction mostly lists other actions, so that it usually covers the request (§4.2).
        from entries in Gen.ArrayOf(isNot
            ? Gen.Frequency((3, Gen.Elements(IamCatalog.Actions.AsEnumerable())), (1, Entry(action, allowStar)))
            : Entry(action, allowStar), count)
        select new ActionElement(isNot, [.. entries]);
}
