using System.Collections.Concurrent;
using System.Collections.Immutable;
using Engine.Compiler.Emit;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;

namespace Engine.Bundles;

/// <summary>
/// A loaded policy bundle: every principal, the policies that apply to it, the resource policies
/// and the organization's SCP and RCP levels, validated and ready to answer requests. Immutable:
/// a server swaps one bundle for another by reference. Compiled sets are built on first use and
/// cached (thread-safe); that cache never changes an answer, only how fast it comes.
/// </summary>
public sealed partial class Bundle
{
    private readonly ImmutableArray<PolicyDocument> _documents;
    private readonly ImmutableArray<string> _documentNames;
    private readonly ImmutableArray<ReadOnlyMemory<byte>> _documentSources;
    private readonly ImmutableArray<ImmutableArray<int>> _identityLists;
    private readonly ImmutableArray<ImmutableArray<ImmutableArray<int>>> _levels;
    private readonly ImmutableArray<BundleProfile> _profiles;
    private readonly Dictionary<string, BundlePrincipal>.AlternateLookup<ReadOnlySpan<char>> _principals;
    private readonly Dictionary<string, BundlePrincipal>.AlternateLookup<ReadOnlySpan<char>> _roleSessions;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _resources;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _accountRcpLevels;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _vpcEndpoints;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _keyPolicies;
    private readonly ConcurrentDictionary<BundleSetKey, Lazy<CompiledPolicySet>> _compiled = new();
    private readonly ConcurrentDictionary<BundleSetKey, Task> _compiling = new();
    // Replaced whole (a reference write is atomic), since concurrent Stats requests read it: a
    // 16-byte struct field could be read torn.
    private CompiledBytesEstimate? _lastEstimate;

    // False while the load compiles its eager sets (to the matcher only); then every set,
    // those and any compiled on first use, is queued for the IL tier.
    private bool _promoteOnCompile;

    internal Bundle(
        ulong revision,
        ClassifiedPolicyCache classified,
        ParsedPolicyFiles parsedFiles,
        ImmutableArray<PolicyDocument> documents,
        ImmutableArray<string> documentNames,
        ImmutableArray<ReadOnlyMemory<byte>> documentSources,
        ImmutableArray<ImmutableArray<int>> identityLists,
        ImmutableArray<ImmutableArray<ImmutableArray<int>>> levels,
        ImmutableArray<BundleProfile> profiles,
        Dictionary<string, BundlePrincipal> principals,
        Dictionary<string, BundlePrincipal> roleSessions,
        Dictionary<string, int> resources,
        Dictionary<string, int> accountRcpLevels,
        Dictionary<string, int> vpcEndpoints,
        Dictionary<string, int> keyPolicies)
    {
        Revision = revision;
        Classified = classified;
        ParsedFiles = parsedFiles;
        _documents = documents;
        _documentNames = documentNames;
        _documentSources = documentSources;
        _identityLists = identityLists;
        _levels = levels;
        _profiles = profiles;
        _principals = principals.GetAlternateLookup<ReadOnlySpan<char>>();
        _roleSessions = roleSessions.GetAlternateLookup<ReadOnlySpan<char>>();
        _resources = resources.GetAlternateLookup<ReadOnlySpan<char>>();
        _accountRcpLevels = accountRcpLevels.GetAlternateLookup<ReadOnlySpan<char>>();
        _vpcEndpoints = vpcEndpoints.GetAlternateLookup<ReadOnlySpan<char>>();
        _keyPolicies = keyPolicies.GetAlternateLookup<ReadOnlySpan<char>>();
        PrincipalCount = principals.Count;
        PrincipalArns = [.. principals.Keys];
        VpcEndpointIds = [.. vpcEndpoints.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// A hash of the manifest and every policy file it uses: two loads of the same content have the
    /// same revision, so a reloading server can tell a real change from a touched file.
    /// </summary>
    public ulong Revision { get; }

    /// <summary>
    /// The classified documents every set of this bundle shares (each document classified once,
    /// not once per profile); a reload hands it on, so unchanged documents are not classified again.
    /// </summary>
    internal ClassifiedPolicyCache Classified { get; }

    /// <summary>The files parsed for this bundle, for the next load of its directory to reuse.</summary>
    internal ParsedPolicyFiles ParsedFiles { get; }

    /// <summary>What reading the manifest produced, for the next load to reuse when the manifest is unchanged; null when it cannot be reused.</summary>
    internal ManifestSnapshot? Manifest { get; set; }

    /// <summary>Whether this bundle was built on the previous bundle's reading of the same manifest (what the reload tests observe).</summary>
    internal bool ReusedManifest { get; set; }

    /// <summary>How many users and roles the bundle lists (role sessions are not counted).</summary>
    public int PrincipalCount { get; }

    /// <summary>Every user and role ARN of the bundle, in the order they were read (role sessions are not listed).</summary>
    public ImmutableArray<string> PrincipalArns { get; }

    /// <summary>Every VPC endpoint id the bundle names under <c>vpcEndpoints</c>, in ordinal order.</summary>
    public ImmutableArray<string> VpcEndpointIds { get; }

    /// <summary>
    /// How many distinct principal profiles there are: combinations of identity policies (in order),
    /// permissions boundary and SCP levels. Principals with the same profile share compiled sets.
    /// </summary>
    public int ProfileCount => _profiles.Length;

    /// <summary>How many distinct policy documents (per policy type) the bundle uses.</summary>
    public int PolicyCount => _documents.Length;

    /// <summary>
    /// How many compiled sets exist now: one per profile (and RCP levels of its own account) built
    /// at load, plus one per other combination of resource policy and RCP levels built on first use.
    /// </summary>
    public int CompiledSetCount => _compiled.Count;

    /// <summary>
    /// Managed heap bytes held by the compiled sets that exist now, what they share counted once
    /// (<see cref="CompiledPolicySet.EstimateBytes"/>). Walked again only when a set was added or
    /// promoted since the last call.
    /// </summary>
    public long EstimateCompiledBytes()
    {
        CompiledPolicySet[] sets = [.. _compiled.Values.Where(l => l.IsValueCreated).Select(l => l.Value)];
        CompiledBytesEstimate? last = Volatile.Read(ref _lastEstimate);
        int promoted = sets.Count(s => s.IsPromoted);
        if (last is not null && last.Sets == sets.Length && last.Promoted == promoted)
        {
            return last.Bytes;
        }

        long bytes = CompiledPolicySet.EstimateBytes(sets);
        Volatile.Write(ref _lastEstimate, new CompiledBytesEstimate(sets.Length, promoted, bytes));
        return bytes;
    }

    private sealed record CompiledBytesEstimate(int Sets, int Promoted, long Bytes);

    /// <summary>The name (file name in <c>policies/</c> without <c>.json</c>) of a policy in a set built by this bundle.</summary>
    /// <param name="document">A document taken from a <see cref="PolicySet"/> this bundle returned.</param>
    /// <returns>The name, or null when the document is not one of this bundle's.</returns>
    public string? NameOf(PolicyDocument document)
    {
        int index = IndexOf(document);
        return index < 0 ? null : _documentNames[index];
    }

    /// <summary>
    /// The UTF-8 text a policy in a set built by this bundle was parsed from (the file of <c>policies/</c>, or the
    /// document as an authorization-details file holds it), so its policy checks can run without reading files again.
    /// </summary>
    /// <param name="document">A document taken from a <see cref="PolicySet"/> this bundle returned.</param>
    /// <returns>The text, or empty when the document is not one of this bundle's.</returns>
    public ReadOnlyMemory<byte> SourceOf(PolicyDocument document)
    {
        int index = IndexOf(document);
        return index < 0 ? ReadOnlyMemory<byte>.Empty : _documentSources[index];
    }

    // who-can asks this once per principal and document, an explanation once per policy of the
    // set: a scan of the bundle's documents each time grew with the bundle (10,000 principals ×
    // ~900 documents), so the index is built on first use, by reference as before.
    private Dictionary<PolicyDocument, int>? _documentIndex;

    private int IndexOf(PolicyDocument document)
    {
        Dictionary<PolicyDocument, int> index = LazyInitializer.EnsureInitialized(ref _documentIndex, () =>
        {
            var built = new Dictionary<PolicyDocument, int>(_documents.Length, ReferenceEqualityComparer.Instance);
            for (int i = 0; i < _documents.Length; i++)
            {
                built.TryAdd(_documents[i], i);
            }

            return built;
        });
        return index.TryGetValue(document, out int at) ? at : -1;
    }

    /// <summary>How many of the sets compiled at load were taken over from the bundle this one replaces (what the reload tests observe).</summary>
    internal int ReusedSetCount { get; private set; }

    /// <summary>
    /// Compiles, in parallel, the set of every key given; used at load so the first requests find
    /// them ready. A set of <paramref name="previous"/> holding the same document objects in the
    /// same places is taken over instead of compiled again (a reload of unchanged files).
    /// </summary>
    internal void CompileEagerly(IReadOnlyCollection<BundleSetKey> keys, List<BundleError> errors, Bundle? previous = null)
    {
        var failures = new ConcurrentBag<BundleError>();
        IReadOnlyCollection<BundleSetKey> toCompile = previous is null ? keys : TakeOver(keys, previous);

        // The IL tier waits until every eager set is classified: promoting while the load runs
        // would take a core from it (2-core machine: ~1/3 of the load's CPU).
        Parallel.ForEach(toCompile, key =>
        {
            try
            {
                _ = GetOrCompile(key);
            }
            catch (PolicyCompileException e)
            {
                failures.Add(new BundleError(BundleLoader.ManifestFileName, "$", default, $"cannot compile the policies of {DescribeKey(key)}: {e.Message}"));
            }
        });
        errors.AddRange(failures);
        Volatile.Write(ref _promoteOnCompile, true);
        foreach (BundleSetKey key in toCompile)
        {
            if (_compiled.TryGetValue(key, out Lazy<CompiledPolicySet>? compiled) && compiled.IsValueCreated)
            {
                _ = PolicySetCompiler.PromoteInBackground(compiled.Value);
            }
        }
    }

    // PERF: a compiled set is a function of its documents and their places; a reload keeps the
    // document object of every unchanged file, so the previous bundle's set for the same documents
    // decides as a new compilation would (and is already promoted, or queued for it). Only the
    // keys left are compiled: a reload of an unchanged directory compiles nothing.
    private List<BundleSetKey> TakeOver(IReadOnlyCollection<BundleSetKey> keys, Bundle previous)
    {
        var before = new Dictionary<PolicySetDocuments, CompiledPolicySet>();
        foreach ((BundleSetKey key, Lazy<CompiledPolicySet> compiled) in previous._compiled)
        {
            if (compiled.IsValueCreated)
            {
                before.TryAdd(new PolicySetDocuments(previous.BuildPolicySet(key)), compiled.Value);
            }
        }

        var left = new List<BundleSetKey>();
        foreach (BundleSetKey key in keys)
        {
            if (before.TryGetValue(new PolicySetDocuments(BuildPolicySet(key)), out CompiledPolicySet? set))
            {
                var taken = new Lazy<CompiledPolicySet>(() => set, LazyThreadSafetyMode.None);
                _ = taken.Value;
                _compiled[key] = taken;
                ReusedSetCount++;
            }
            else
            {
                left.Add(key);
            }
        }

        return left;
    }

    /// <summary>
    /// Compiles each resource policy, each RCP level list and each VPC endpoint policy alone, to the
    /// plain matcher only (cheap: everything that can fail to compile fails while classifying), so
    /// that a combination compiled on first use cannot fail on the request path.
    /// </summary>
    internal void CheckCompiles(IEnumerable<int> resourceDocuments, IEnumerable<int> rcpLevels, IEnumerable<int> endpointDocuments, List<BundleError> errors)
    {
        var sets = resourceDocuments.Select(id => (Name: $"resource policy `{_documentNames[id]}`", Set: new PolicySet([], _documents[id], [], [], null, null)))
            .Concat(rcpLevels.Select(id => (Name: "RCP levels", Set: new PolicySet([], null, [], [], null, Levels(id)))))
            .Concat(endpointDocuments.Select(id => (Name: $"VPC endpoint policy `{_documentNames[id]}`", Set: new PolicySet([], null, [], [], null, null, _documents[id]))));
        foreach ((string name, PolicySet set) in sets)
        {
            try
            {
                _ = PolicySetCompiler.CompileMatcher(set, Classified);
            }
            catch (PolicyCompileException e)
            {
                errors.Add(new BundleError(BundleLoader.ManifestFileName, "$", default, $"cannot compile the {name}: {e.Message}"));
            }
        }
    }

    private CompiledPolicySet GetOrCompile(BundleSetKey key)
    {
        // PERF: the warm path is one lock-free lookup; Lazy makes a racing first use compile once.
        // Compiled tiered: the set answers at once with the plain matcher and is promoted to IL on
        // the compiler's background thread (load: 5.7 s → see docs/benchmarks.md "Compile cost").
        if (_compiled.TryGetValue(key, out Lazy<CompiledPolicySet>? cached))
        {
            return cached.Value;
        }

        return _compiled.GetOrAdd(
            key,
            static (k, bundle) => new Lazy<CompiledPolicySet>(() => bundle.Compile(k), LazyThreadSafetyMode.ExecutionAndPublication),
            this).Value;
    }

    private CompiledPolicySet Compile(BundleSetKey key)
    {
        CompiledPolicySet set = PolicySetCompiler.CompileMatcher(BuildPolicySet(key), Classified);
        if (Volatile.Read(ref _promoteOnCompile))
        {
            _ = PolicySetCompiler.PromoteInBackground(set);
        }

        return set;
    }

    // One task per set being compiled off the request path; removed once done (the set is then in
    // _compiled, or its failure is cached there by the Lazy and reported by TryResolve).
    private Task CompileInBackground(BundleSetKey key) =>
        _compiling.GetOrAdd(
            key,
            static (k, bundle) => Task.Run(() =>
            {
                try
                {
                    _ = bundle.GetOrCompile(k);
                }
                finally
                {
                    _ = bundle._compiling.TryRemove(k, out _);
                }
            }),
            this);

    private PolicySet BuildPolicySet(BundleSetKey key)
    {
        BundleProfile profile = _profiles[key.Profile];
        ImmutableArray<PolicyDocument> identity = [.. _identityLists[profile.IdentityList].Select(id => _documents[id])];
        ImmutableArray<PolicyDocument> boundary = profile.Boundary < 0 ? [] : [_documents[profile.Boundary]];
        return new PolicySet(
            identity,
            key.ResourcePolicy < 0 ? null : _documents[key.ResourcePolicy],
            boundary,
            [],
            Levels(profile.ScpLevels),
            Levels(key.RcpLevels),
            key.VpcEndpoint < 0 ? null : _documents[key.VpcEndpoint]);
    }

    private ImmutableArray<ImmutableArray<PolicyDocument>>? Levels(int index) =>
        index < 0 ? null : [.. _levels[index].Select(level => level.Select(id => _documents[id]).ToImmutableArray())];

    private string DescribeKey(BundleSetKey key)
    {
        BundleProfile profile = _profiles[key.Profile];
        IEnumerable<string> names = _identityLists[profile.IdentityList].Select(id => $"`{_documentNames[id]}`");
        return $"the principals with policies [{string.Join(", ", names)}]";
    }
}
