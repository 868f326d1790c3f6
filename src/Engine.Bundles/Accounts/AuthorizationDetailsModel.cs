using Engine.Compiler.Model;
using Engine.Compiler.Parsing;

namespace Engine.Bundles.Accounts;

/// <summary>One authorization-details file as read: its name for messages, its bytes and where each line starts.</summary>
internal sealed class DetailsFile
{
    private readonly int[] _lineStarts;

    public DetailsFile(string name, byte[] bytes)
    {
        Name = name;
        Bytes = bytes;
        var starts = new List<int> { 0 };
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        _lineStarts = [.. starts];
    }

    /// <summary>The file as the user named it (relative to the bundle directory when there is one).</summary>
    public string Name { get; }

    /// <summary>The file's bytes (without a byte order mark).</summary>
    public byte[] Bytes { get; }

    /// <summary>The byte offset of a location the tree reader reported (1-based line, 1-based character column).</summary>
    public int OffsetOf(SourceLocation location)
    {
        int line = Math.Clamp(location.Line - 1, 0, _lineStarts.Length - 1);
        int offset = _lineStarts[line];
        for (int remaining = location.Column - 1; remaining > 0 && offset < Bytes.Length; remaining--)
        {
            // One character: its lead byte and its continuation bytes (10xxxxxx).
            offset++;
            while (offset < Bytes.Length && (Bytes[offset] & 0xC0) == 0x80)
            {
                offset++;
            }
        }

        return offset;
    }
}

/// <summary>A JSON value of an authorization-details file with its file and JSON path.</summary>
internal readonly record struct Located(DetailsFile File, string Path, JsonNode Node);

/// <summary>An inline policy (<c>UserPolicyList</c>, <c>GroupPolicyList</c>, <c>RolePolicyList</c>).</summary>
internal sealed record InlinePolicy(string Name, Located Document);

/// <summary>A reference to a managed policy by ARN (an attachment or a permissions boundary).</summary>
internal sealed record ManagedReference(string Arn, Located At);

/// <summary>An entry of <c>UserDetailList</c>.</summary>
internal sealed record UserEntry(
    Located At, string Arn, string Name, string? Id, List<InlinePolicy> Inline, List<ManagedReference> Attached,
    List<(string Name, Located At)> Groups, ManagedReference? Boundary, List<KeyValuePair<string, string>> Tags);

/// <summary>An entry of <c>GroupDetailList</c>.</summary>
internal sealed record GroupEntry(Located At, string Arn, string Name, List<InlinePolicy> Inline, List<ManagedReference> Attached);

/// <summary>An entry of <c>RoleDetailList</c>.</summary>
internal sealed record RoleEntry(
    Located At, string Arn, string Name, string? Id, List<InlinePolicy> Inline, List<ManagedReference> Attached,
    ManagedReference? Boundary, List<KeyValuePair<string, string>> Tags, Located? Trust);

/// <summary>An entry of <c>Policies</c>: a customer (or AWS) managed policy and its default version's document.</summary>
internal sealed record ManagedEntry(Located At, string Arn, string Name, Located? Document);

/// <summary>Every entity of a set of authorization-details files, merged by ARN.</summary>
internal sealed class AuthorizationDetails
{
    public Dictionary<string, UserEntry> Users { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, GroupEntry> Groups { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, RoleEntry> Roles { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ManagedEntry> Policies { get; } = new(StringComparer.Ordinal);

    /// <summary>The canonical text of each entity read, by list and ARN, to tell a harmless repeat across pages from a conflict.</summary>
    public Dictionary<string, string> Canonical { get; } = new(StringComparer.Ordinal);
}
