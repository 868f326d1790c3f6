namespace Engine.Runtime.Evaluation;

/// <summary>A context key whose values have a known type, for <see cref="ContextValidator"/>.</summary>
/// <param name="Key">The key (compared ignoring case), or with <paramref name="IsPrefix"/> the text every instance starts with (<c>aws:PrincipalTag/</c>).</param>
/// <param name="Type">The type of each value.</param>
/// <param name="IsMultivalued">
/// Whether the key holds a set of values (an <c>ArrayOf…</c> key): any number of values, each of
/// <paramref name="Type"/>. A key that is not multivalued takes exactly one value, sent as a single
/// value (not an array).
/// </param>
/// <param name="IsPrefix">Whether <paramref name="Key"/> stands for every longer key that starts with it (a templated key: <c>aws:PrincipalTag/${TagKey}</c>).</param>
public sealed record TypedContextKey(string Key, ContextValueType Type, bool IsMultivalued, bool IsPrefix = false);
