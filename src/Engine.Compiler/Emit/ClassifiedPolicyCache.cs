using System.Runtime.CompilerServices;
using Engine.Compiler.Model;

namespace Engine.Compiler.Emit;

/// <summary>
/// The classified form of each policy document (its patterns classified, its values parsed),
/// shared by every policy set compiled with this cache: a bundle whose 1,000 profiles combine the
/// same few hundred documents classifies each document once instead of once per set
/// (docs/bundles.md, "Sharing and compiling"). Keyed by document identity (reference), held weakly:
/// an entry lives as long as its <see cref="PolicyDocument"/>, so a reload that keeps a document
/// object (its file unchanged) keeps its classified form. Thread-safe.
/// </summary>
/// <remarks>
/// What is shared is immutable and holds nothing of a set (no statement ids, no set-local
/// numbering beyond the condition-key slots it was classified for, which are part of its key:
/// see <c>ClassifiedDocument</c>). Sets built with and without a cache decide the same.
/// </remarks>
public sealed class ClassifiedPolicyCache
{
    private readonly ConditionalWeakTable<PolicyDocument, ClassifiedDocument> _documents = [];

    /// <summary>The classified form of a document, built on first use.</summary>
    /// <exception cref="PolicyCompileException">A construct the compiler cannot handle (not cached: asked again, it fails again).</exception>
    internal ClassifiedDocument Get(PolicyDocument document) =>
        _documents.TryGetValue(document, out ClassifiedDocument? classified)
            ? classified
            : _documents.GetValue(document, static d => ClassifiedDocument.Create(d));
}
