using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;

namespace Engine.Bundles;

/// <summary>
/// The documents a load parsed from <c>policies/</c>, by file name and policy type, with the bytes
/// each was parsed from: the next load of the same directory (a reload) takes the document object
/// of a file whose bytes are unchanged instead of parsing it again, and with the object it keeps
/// the document's classified statements (<see cref="Engine.Compiler.Emit.ClassifiedPolicyCache"/>
/// is keyed by document identity). A changed file, even by one byte, is parsed and classified anew.
/// </summary>
internal sealed class ParsedPolicyFiles
{
    private readonly Dictionary<(string Name, PolicyKind Kind), (byte[] Bytes, PolicyDocument Document)> _files = [];

    /// <summary>How many files the last load reused from the one before (what the reload tests observe).</summary>
    public int Reused { get; private set; }

    /// <summary>Records a document parsed (or reused) from a file's bytes.</summary>
    public void Add(string name, PolicyKind kind, byte[] bytes, PolicyDocument document) => _files[(name, kind)] = (bytes, document);

    /// <summary>The document parsed before from the same file, as the same type, when its bytes are the same.</summary>
    public bool TryReuse(string name, PolicyKind kind, byte[] bytes, out PolicyDocument? document)
    {
        if (_files.TryGetValue((name, kind), out (byte[] Bytes, PolicyDocument Document) before) && before.Bytes.AsSpan().SequenceEqual(bytes))
        {
            document = before.Document;
            return true;
        }

        document = null;
        return false;
    }

    /// <summary>Counts one reuse on the load that made this record.</summary>
    public void CountReuse() => Reused++;
}
