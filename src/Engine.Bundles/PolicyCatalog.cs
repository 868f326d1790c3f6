using Engine.Compiler.Diagnostics;
using Engine.Compiler.Model;
using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;

namespace Engine.Bundles;

/// <summary>
/// The bundle's <c>policies/</c> folder: which names exist, and each referenced document parsed
/// once per policy type (the rules of iam-semantics.md §2.5 differ by type, so a document used as
/// both an identity policy and an SCP is parsed twice). A file's errors are reported once.
/// </summary>
internal sealed class PolicyCatalog
{
    /// <summary>The folder of policy documents inside a bundle.</summary>
    public const string FolderName = "policies";

    private readonly string _folder;
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]?> _bytes = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Name, PolicyKind Kind), int> _parsed = [];
    private readonly List<BundleError> _errors;
    private readonly ParsedPolicyFiles? _previous;

    /// <summary>A catalog of a bundle directory's <c>policies/</c> folder.</summary>
    /// <param name="bundleDirectory">The bundle directory.</param>
    /// <param name="errors">Where each file's errors go.</param>
    /// <param name="previous">The files the previous load of the directory parsed (a reload), or null.</param>
    public PolicyCatalog(string bundleDirectory, List<BundleError> errors, ParsedPolicyFiles? previous = null)
    {
        _errors = errors;
        _previous = previous;
        _folder = Path.Combine(bundleDirectory, FolderName);
        if (!Directory.Exists(_folder))
        {
            return;
        }

        foreach (string file in Directory.EnumerateFiles(_folder, "*.json", SearchOption.TopDirectoryOnly))
        {
            _files[Path.GetFileNameWithoutExtension(file)] = file;
        }
    }

    /// <summary>A catalog without a <c>policies/</c> folder: every document is added in memory with <see cref="Add"/>.</summary>
    public PolicyCatalog(List<BundleError> errors)
    {
        _errors = errors;
        _folder = "";
    }

    /// <summary>Every document parsed so far, indexed by the ids <see cref="Resolve"/> returns.</summary>
    public List<PolicyDocument> Documents { get; } = [];

    /// <summary>The name of each document in <see cref="Documents"/>.</summary>
    public List<string> Names { get; } = [];

    /// <summary>The UTF-8 text of each document in <see cref="Documents"/>, kept so its policy checks can run on first use.</summary>
    public List<ReadOnlyMemory<byte>> Sources { get; } = [];

    /// <summary>The documents parsed from files, with their bytes, for the next load's reuse.</summary>
    public ParsedPolicyFiles ParsedFiles { get; } = new();

    /// <summary>The bytes of every file read, by name, for the bundle's content hash.</summary>
    public IEnumerable<KeyValuePair<string, byte[]?>> FilesRead => _bytes;

    /// <summary>
    /// The id of the document <paramref name="reference"/> names, parsed as <paramref name="kind"/>;
    /// -1 (with an error reported) when there is no such file or it is not a valid policy.
    /// </summary>
    public int Resolve(PolicyReference reference, PolicyKind kind)
    {
        if (_parsed.TryGetValue((reference.Name, kind), out int id))
        {
            return id;
        }

        if (!_files.TryGetValue(reference.Name, out string? file))
        {
            _errors.Add(new BundleError(BundleLoader.ManifestFileName, reference.Path, reference.Location, UnknownMessage(reference.Name)));
            return -1;
        }

        id = Parse(reference.Name, file, kind);
        _parsed.Add((reference.Name, kind), id);
        return id;
    }

    /// <summary>The id of a document added under <paramref name="key"/> as <paramref name="kind"/>, if any.</summary>
    public bool TryGetParsed(string key, PolicyKind kind, out int id) => _parsed.TryGetValue((key, kind), out id);

    /// <summary>
    /// Adds a document parsed elsewhere (an authorization-details file) under a key, shown as
    /// <paramref name="name"/>, with its UTF-8 <paramref name="source"/>; returns its id (the existing one when the key was added before).
    /// </summary>
    public int Add(string key, string name, PolicyKind kind, PolicyDocument document, ReadOnlyMemory<byte> source)
    {
        if (_parsed.TryGetValue((key, kind), out int id))
        {
            return id;
        }

        Documents.Add(document);
        Names.Add(name);
        Sources.Add(source);
        id = Documents.Count - 1;
        _parsed.Add((key, kind), id);
        return id;
    }

    /// <summary>Records the bytes of a file read outside <c>policies/</c>, so the bundle's revision covers it.</summary>
    public void RecordFile(string name, byte[] bytes) => _bytes[name] = bytes;

    private int Parse(string name, string file, PolicyKind kind)
    {
        string relative = $"{FolderName}/{name}.json";
        if (!_bytes.TryGetValue(name, out byte[]? bytes))
        {
            try
            {
                bytes = File.ReadAllBytes(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _errors.Add(new BundleError(relative, "$", default, $"cannot read the file: {e.Message}"));
            }

            _bytes.Add(name, bytes);
        }

        if (bytes is null)
        {
            return -1;
        }

        // PERF: a reload parses only what changed (the parse is a pure function of bytes and type).
        if (_previous is not null && _previous.TryReuse(name, kind, bytes, out PolicyDocument? reused))
        {
            ParsedFiles.CountReuse();
            return AddParsed(name, kind, bytes, reused!);
        }

        PolicyParseResult result = PolicyParser.Parse(bytes, kind);
        if (!result.Success)
        {
            foreach (PolicyError error in result.Errors)
            {
                _errors.Add(new BundleError(relative, error.Path, error.Location, $"{error.Message} (as {Describe(kind)})"));
            }

            return -1;
        }

        return AddParsed(name, kind, bytes, result.Document!);
    }

    private int AddParsed(string name, PolicyKind kind, byte[] bytes, PolicyDocument document)
    {
        ParsedFiles.Add(name, kind, bytes, document);
        Documents.Add(document);
        Names.Add(name);
        Sources.Add(bytes);
        return Documents.Count - 1;
    }

    private string UnknownMessage(string name)
    {
        string message = $"unknown policy {Quote.User(name)}: there is no file {FolderName}/{name}.json";
        foreach (string candidate in _files.Keys)
        {
            if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
            {
                return $"{message} (names are case-sensitive: did you mean {Quote.User(candidate)}?)";
            }
        }

        return message;
    }

    private static string Describe(PolicyKind kind) => kind switch
    {
        PolicyKind.Identity => "an identity policy",
        PolicyKind.Resource => "a resource policy",
        PolicyKind.PermissionsBoundary => "a permissions boundary",
        PolicyKind.Scp => "an SCP",
        PolicyKind.Rcp => "an RCP",
        PolicyKind.VpcEndpoint => "a VPC endpoint policy",
        _ => "a session policy",
    };
}
