using System.Collections.Immutable;

namespace Engine.Compiler.Diagnostics;

/// <summary>Thrown when a policy document has one or more errors; carries every error found.</summary>
public sealed class PolicyParseException : Exception
{
    /// <summary>Creates the exception for the given errors.</summary>
    /// <param name="errors">The errors, at least one.</param>
    public PolicyParseException(ImmutableArray<PolicyError> errors)
        : base(FormatMessage(errors))
    {
        Errors = errors;
    }

    /// <summary>Creates an exception without errors (for serializers and tooling).</summary>
    public PolicyParseException()
        : this([])
    {
    }

    /// <summary>Creates an exception with a message and no errors.</summary>
    /// <param name="message">The message.</param>
    public PolicyParseException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Creates an exception with a message, an inner exception and no errors.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PolicyParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>Every error found in the document, in the order found.</summary>
    public ImmutableArray<PolicyError> Errors { get; }

    private static string FormatMessage(ImmutableArray<PolicyError> errors) =>
        errors.IsDefaultOrEmpty ? "the policy is invalid" : string.Join('\n', errors);
}
