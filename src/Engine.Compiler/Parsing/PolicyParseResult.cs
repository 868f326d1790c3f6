using System.Collections.Immutable;
using Engine.Compiler.Diagnostics;
using Engine.Compiler.Model;

namespace Engine.Compiler.Parsing;

/// <summary>
/// The outcome of parsing one policy document: the document when it is valid, otherwise every
/// error found. Never both, and never a half-built document.
/// </summary>
/// <param name="Document">The document; non-null exactly when <paramref name="Errors"/> is empty.</param>
/// <param name="Errors">Every error found, in document order.</param>
public sealed record PolicyParseResult(PolicyDocument? Document, ImmutableArray<PolicyError> Errors)
{
    /// <summary>Whether the document is valid.</summary>
    public bool Success => Document is not null && Errors.IsDefaultOrEmpty;
}
