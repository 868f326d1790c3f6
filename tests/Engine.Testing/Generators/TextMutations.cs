using FsCheck;
using FsCheck.Fluent;

namespace Engine.Testing.Generators;

/// <summary>Small edits of a string, the building blocks of "derive, then perturb".</summary>
public static class TextMutations
{
    /// <summary>Flips the case of every letter with probability one half.</summary>
    public static Gen<string> MixCase(string text) =>
        Gen.ArrayOf(Gen.Elements(false, true), text.Length).Select(flips =>
            new string(text.Select((c, i) => flips[i] ? (char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)) : c).ToArray()));

    /// <summary>Replaces one character (at or after <paramref name="first"/>) with <paramref name="replacement"/>.</summary>
    public static Gen<string> ReplaceOne(string text, int first, string replacement) =>
        first >= text.Length
            ? Gen.Constant(text + replacement)
            : Gen.Choose(first, text.Length - 1).Select(i => string.Concat(text.AsSpan(0, i), replacement, text.AsSpan(i + 1)));

    /// <summary>Replaces a run of characters (at or after <paramref name="first"/>) with <c>*</c>.</summary>
    public static Gen<string> StarRun(string text, int first) =>
        first >= text.Length
            ? Gen.Constant(text + "*")
            : from start in Gen.Choose(first, text.Length)
              from length in Gen.Choose(0, text.Length - start)
              select string.Concat(text.AsSpan(0, start), "*", text.AsSpan(start + length));

    /// <summary>Changes one character to a different one: a near miss.</summary>
    public static Gen<string> NearMiss(string text, int first) =>
        first >= text.Length
            ? Gen.Constant(text + "x")
            : Gen.Choose(first, text.Length - 1).Select(i =>
                string.Concat(text.AsSpan(0, i), text[i] == 'x' ? "y" : "x", text.AsSpan(i + 1)));
}
