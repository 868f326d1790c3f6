using System.Collections.Immutable;
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
/// <remarks>
/// <see cref="Resolve"/> gives a referenced document its id and starts reading and parsing its file
/// on the thread pool; <see cref="ParsePending"/> waits for every document resolved since and
/// reports their errors in the order the documents were resolved, so a load reports the same
/// errors, in the same order, as a serial one.
/// Nothing reads a document before the load is checked for errors, so an id whose file turns out
/// unreadable or invalid is never used: the load fails with that file's errors.
/// </remarks>
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
    private readonly List<PendingDocument> _pending = [];
    private readonly Dictionary<string, Lazy<FileRead>> _reads = new(StringComparer.Ordinal);

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

    /// <summary>Every document parsed so far, indexed by the ids <see cref="Resolve"/> returns (null until <see cref="ParsePending"/>, and for a file that failed).</summary>
    public List<PolicyDocument?> Documents { get; } = [];

    /// <summary>The name of each document in <see cref="Documents"/>.</summary>
    public List<string> Names { get; } = [];

    /// <summary>The UTF-8 text of each document in <see cref="Documents"/>, kept so its policy checks can run on first use.</summary>
    public List<ReadOnlyMemory<byte>> Sources { get; } = [];

    /// <summary>The documents parsed from files, with their bytes, for the next load's reuse.</summary>
    public ParsedPolicyFiles ParsedFiles { get; } = new();

    /// <summary>The bytes of every file read, by name, for the bundle's content hash.</summary>
    public IEnumerable<KeyValuePair<string, byte[]?>> FilesRead => _bytes;

    /// <summary>
    /// The id of the document <paramref name="reference"/> names, to be parsed as <paramref name="kind"/>
    /// by <see cref="ParsePending"/>; -1 (with an error reported) when there is no such file.
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

        Documents.Add(null);
        Names.Add(reference.Name);
        Sources.Add(default);
        id = Documents.Count - 1;
        _pending.Add(StartParsing(id, reference.Name, file, kind));
        _parsed.Add((reference.Name, kind), id);
        return id;
    }

    /// <summary>
    /// Waits for every document resolved since the last call to be read and parsed, and reports each
    /// file's errors in the order the documents were resolved (a file's read error once, on its first use).
    /// </summary>
    public void ParsePending()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        PendingDocument[] pending = [.. _pending];
        _pending.Clear();
        var parsed = new Parsed[pending.Length];
        for (int i = 0; i < pending.Length; i++)
        {
            // GetResult, not Wait: a parser failure surfaces as itself, as it did on one thread.
            parsed[i] = pending[i].Parsing.GetAwaiter().GetResult();
        }

        for (int i = 0; i < pending.Length; i++)
        {
            PendingDocument document = pending[i];
            string relative = $"{FolderName}/{document.Name}.json";
            FileRead read = document.Read.Value;
            if (_bytes.TryAdd(document.Name, read.Bytes) && read.Error is { } error)
            {
                _errors.Add(new BundleError(relative, "$", default, $"cannot read the file: {error}"));
            }

            if (parsed[i].Document is { } parsedDocument)
            {
                if (parsed[i].Reused)
                {
                    ParsedFiles.CountReuse();
                }

                ParsedFiles.Add(document.Name, document.Kind, read.Bytes!, parsedDocument);
                Documents[document.Id] = parsedDocument;
                Sources[document.Id] = read.Bytes;
            }

            foreach (PolicyError policyError in parsed[i].Errors)
            {
                _errors.Add(new BundleError(relative, policyError.Path, policyError.Location, $"{policyError.Message} (as {Describe(document.Kind)})"));
            }

            // Fail closed: a document that is neither parsed nor explained must still fail the load.
            if (parsed[i].Document is null && read.Bytes is not null && parsed[i].Errors.Length == 0)
            {
                _errors.Add(new BundleError(relative, "$", default, $"not a valid policy (as {Describe(document.Kind)})"));
            }
        }
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

    /// <summary>By document id: the name and type of each document resolved (every document, when none was added with <see cref="Add"/>).</summary>
    public (string Name, PolicyKind Kind)[] ResolvedDocuments() =>
        [.. _parsed.Where(entry => entry.Value >= 0).OrderBy(entry => entry.Value).Select(entry => entry.Key)];

    /// <summary>Every document by id, once <see cref="ParsePending"/> ran and the load found no error.</summary>
    /// <exception cref="InvalidOperationException">A document is missing: the load should have failed before.</exception>
    public ImmutableArray<PolicyDocument> ParsedDocuments() =>
        [.. Documents.Select((document, id) => document ?? throw new InvalidOperationException($"policy `{Names[id]}` was not parsed; the load should have failed"))];

    /// <summary>Records the bytes of a file read outside <c>policies/</c>, so the bundle's revision covers it.</summary>
    public void RecordFile(string name, byte[] bytes) => _bytes[name] = bytes;

    // PERF: the file is read and parsed on the thread pool while the manifest reader goes on (one
    // core reads the manifest, the other parses; ~1,000 files were parsed one after the other).
    // Each file is read once, by the first document that names it; the others wait for its bytes.
    private PendingDocument StartParsing(int id, string name, string file, PolicyKind kind)
    {
        if (!_reads.TryGetValue(name, out Lazy<FileRead>? read))
        {
            read = new Lazy<FileRead>(() => FileRead.Of(file), LazyThreadSafetyMode.ExecutionAndPublication);
            _reads.Add(name, read);
        }

        ParsedPolicyFiles? previous = _previous;
        return new PendingDocument(id, name, kind, read, Task.Run(() => Parse(name, kind, read.Value, previous)));
    }

    // A pure function of the bytes and the type, so it runs on any thread. A reload takes the
    // document parsed before from the same bytes as the same type (PERF: only what changed is parsed).
    private static Parsed Parse(string name, PolicyKind kind, FileRead read, ParsedPolicyFiles? previous)
    {
        if (read.Bytes is not { } bytes)
        {
            return new Parsed(null, false, []);
        }

        if (previous is not null && previous.TryReuse(name, kind, bytes, out PolicyDocument? reused))
        {
            return new Parsed(reused, true, []);
        }

        PolicyParseResult result = PolicyParser.Parse(bytes, kind);
        return result.Success ? new Parsed(result.Document, false, []) : new Parsed(null, false, result.Errors.IsDefault ? [] : [.. result.Errors]);
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

    /// <summary>A document resolved and not yet reported: its id, name and type, its file's read and its parse under way.</summary>
    private readonly record struct PendingDocument(int Id, string Name, PolicyKind Kind, Lazy<FileRead> Read, Task<Parsed> Parsing);

    /// <summary>A file's bytes, or why it could not be read.</summary>
    private sealed record FileRead(byte[]? Bytes, string? Error)
    {
        public static FileRead Of(string file)
        {
            try
            {
                return new FileRead(File.ReadAllBytes(file), null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new FileRead(null, e.Message);
            }
        }
    }

    /// <summary>One document's parse: the document (reused from the previous load or new), or its errors.</summary>
    private readonly record struct Parsed(PolicyDocument? Document, bool Reused, PolicyError[] Errors);

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
