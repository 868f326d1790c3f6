namespace Engine.Runtime.Evaluation;

/// <summary>
/// The type a typed context key's values must have (the IAM User Guide's condition-key types; an
/// <c>ArrayOf…</c> type is the element type with <see cref="TypedContextKey.IsMultivalued"/>).
/// </summary>
public enum ContextValueType : byte
{
    /// <summary><c>String</c>: any text.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "AWS's name for the type; the style names things as AWS spells them.")]
    String,

    /// <summary><c>ARN</c>: <c>arn:partition:service:region:account:resource</c>.</summary>
    Arn,

    /// <summary><c>Bool</c>: exactly <c>true</c> or <c>false</c>, in any case.</summary>
    Bool,

    /// <summary><c>Date</c>: epoch seconds or a W3C/ISO 8601 date, as the Date operators read it.</summary>
    Date,

    /// <summary><c>Numeric</c>: a decimal number, as the Numeric operators read it.</summary>
    Numeric,

    /// <summary><c>IPAddress</c>: an IPv4 or IPv6 address, as the IP operators read it.</summary>
    IPAddress,
}
