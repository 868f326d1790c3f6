using System.Collections.Immutable;

namespace Engine.Compiler.Model;

/// <summary>The policy language version (iam-semantics.md §2.3).</summary>
public enum PolicyVersion : byte
{
    /// <summary><c>2008-10-17</c>, also the meaning of an absent <c>Version</c>: variables are literal text.</summary>
    V20081017 = 0,

    /// <summary><c>2012-10-17</c>: policy variables are recognised.</summary>
    V20121017 = 1,
}

/// <summary>
/// A parsed, valid IAM policy document. Immutable and valid once built: the parser never returns a
/// half-built document (iam-semantics.md §2).
/// </summary>
/// <param name="Version">The language version (absent means <see cref="PolicyVersion.V20081017"/>).</param>
/// <param name="HasVersion">Whether the document named a <c>Version</c>.</param>
/// <param name="Id">The document <c>Id</c>, if any.</param>
/// <param name="Statements">The statements in document order.</param>
public sealed record PolicyDocument(
    PolicyVersion Version,
    bool HasVersion,
    string? Id,
    ImmutableArray<Statement> Statements)
{
    /// <summary>Whether <c>${...}</c> policy variables are recognised in this document.</summary>
    public bool RecognisesVariables => Version == PolicyVersion.V20121017;
}
