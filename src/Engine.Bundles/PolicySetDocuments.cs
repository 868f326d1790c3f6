using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Engine.Compiler.Model;

namespace Engine.Bundles;

/// <summary>
/// The documents of a <see cref="PolicySet"/> in their places (identity list, resource policy,
/// boundary, session, SCP and RCP levels, VPC endpoint policy), compared by reference: two sets
/// with the same key hold the same document objects in the same places, so they compile to sets
/// that decide alike. A reload finds by this key the compiled sets of the bundle it replaces whose
/// files did not change (their documents are the same objects, <see cref="ParsedPolicyFiles"/>),
/// whatever integer ids the new manifest gives them.
/// </summary>
internal sealed class PolicySetDocuments : IEquatable<PolicySetDocuments>
{
    // Marks where one part (or level) ends and whether an optional part is absent, so that
    // [a][b] and [a, b], or no SCPs and an empty SCP list, never compare equal.
    private static readonly object s_end = new();
    private static readonly object s_absent = new();

    private readonly object?[] _items;
    private readonly int _hash;

    public PolicySetDocuments(PolicySet set)
    {
        var items = new List<object?>();
        AddList(items, set.Identity);
        items.Add(set.Resource ?? s_absent);
        AddList(items, set.PermissionsBoundary);
        AddList(items, set.Session);
        AddLevels(items, set.Scps);
        AddLevels(items, set.Rcps);
        items.Add(set.VpcEndpoint ?? s_absent);
        _items = [.. items];
        var hash = default(HashCode);
        foreach (object? item in _items)
        {
            hash.Add(RuntimeHelpers.GetHashCode(item));
        }

        _hash = hash.ToHashCode();
    }

    public bool Equals(PolicySetDocuments? other)
    {
        if (other is null || other._hash != _hash || other._items.Length != _items.Length)
        {
            return false;
        }

        for (int i = 0; i < _items.Length; i++)
        {
            if (!ReferenceEquals(_items[i], other._items[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as PolicySetDocuments);

    public override int GetHashCode() => _hash;

    private static void AddList(List<object?> items, ImmutableArray<PolicyDocument> documents)
    {
        if (!documents.IsDefault)
        {
            items.AddRange(documents);
        }

        items.Add(s_end);
    }

    private static void AddLevels(List<object?> items, ImmutableArray<ImmutableArray<PolicyDocument>>? levels)
    {
        if (levels is not { } present)
        {
            items.Add(s_absent);
            return;
        }

        foreach (ImmutableArray<PolicyDocument> level in present)
        {
            AddList(items, level);
        }

        items.Add(s_end);
    }
}
