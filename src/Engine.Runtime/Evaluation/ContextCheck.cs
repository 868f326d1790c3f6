using System.Globalization;
using System.Text;

namespace Engine.Runtime.Evaluation;

/// <summary>
/// The answer of <see cref="ContextValidator.Check"/>: valid, or the first context entry whose values
/// do not fit its key's type. Read <see cref="Describe"/> before the request is reset or reused.
/// </summary>
/// <param name="Violation">What is wrong; <see cref="ContextViolation.None"/> when the context is valid.</param>
/// <param name="EntryIndex">The offending entry (<see cref="AuthorizationRequest.ContextKey"/>), or -1.</param>
/// <param name="ValueIndex">The offending value of that entry for <see cref="ContextViolation.InvalidValue"/>, else -1.</param>
/// <param name="Type">The type the key's values must have.</param>
public readonly record struct ContextCheck(ContextViolation Violation, int EntryIndex, int ValueIndex, ContextValueType Type)
{
    // Bounds the message: a key or value may be up to 64 KiB on the wire, and the message goes into
    // an Error frame, a JSON body and perhaps a log line.
    private const int MaxQuoted = 128;

    /// <summary>A valid context.</summary>
    public static ContextCheck Valid => new(ContextViolation.None, -1, -1, ContextValueType.String);

    /// <summary>Whether every typed key has values of its type.</summary>
    public bool IsValid => Violation == ContextViolation.None;

    /// <summary>The offending key as the request spells it (empty when valid).</summary>
    /// <param name="request">The request that was checked, not yet reset.</param>
    public string Key(AuthorizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return IsValid ? string.Empty : request.ContextKey(EntryIndex).ToString();
    }

    /// <summary>
    /// Says what is wrong, naming the key (allocates; for the error path only), e.g.
    /// <c>context key `aws:MultiFactorAuthPresent` takes a Bool value (`true` or `false`), not `yes`</c>.
    /// </summary>
    /// <param name="request">The request that was checked, not yet reset.</param>
    public string Describe(AuthorizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (IsValid)
        {
            return "the context is valid";
        }

        string key = Quote(request.ContextKey(EntryIndex));
        if (Violation == ContextViolation.NotSingleValue)
        {
            int count = request.ValueCount(EntryIndex);
            string array = count switch
            {
                0 => "an empty array",
                1 => "an array of one value",
                _ => string.Create(CultureInfo.InvariantCulture, $"an array of {count} values"),
            };
            return $"context key {key} takes a single {TypeName(Type)} value, not {array}";
        }

        ReadOnlySpan<char> value = request.ContextValue(EntryIndex, ValueIndex);
        return $"context key {key} takes {Article(Type)} {TypeName(Type)} value {Shape(Type)}, not {(value.IsEmpty ? "an empty string" : Quote(value))}";
    }

    private static string TypeName(ContextValueType type) => type switch
    {
        ContextValueType.Arn => "ARN",
        ContextValueType.Bool => "Bool",
        ContextValueType.Date => "Date",
        ContextValueType.Numeric => "Numeric",
        ContextValueType.IPAddress => "IPAddress",
        _ => "String",
    };

    private static string Article(ContextValueType type) => type is ContextValueType.Arn or ContextValueType.IPAddress ? "an" : "a";

    private static string Shape(ContextValueType type) => type switch
    {
        ContextValueType.Arn => "(`arn:partition:service:region:account:resource`)",
        ContextValueType.Bool => "(`true` or `false`)",
        ContextValueType.Date => "(epoch seconds or an ISO 8601 date)",
        ContextValueType.Numeric => "(a decimal number)",
        ContextValueType.IPAddress => "(an IPv4 or IPv6 address)",
        _ => string.Empty,
    };

    // In backticks, cut to MaxQuoted characters, control characters shown as `?` so that the
    // message stays one line in a log.
    private static string Quote(ReadOnlySpan<char> text)
    {
        var quoted = new StringBuilder(Math.Min(text.Length, MaxQuoted) + 3);
        quoted.Append('`');
        foreach (char c in text.Length > MaxQuoted ? text[..MaxQuoted] : text)
        {
            quoted.Append(char.IsControl(c) ? '?' : c);
        }

        if (text.Length > MaxQuoted)
        {
            quoted.Append('…');
        }

        return quoted.Append('`').ToString();
    }
}
