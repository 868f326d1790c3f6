using System.Text;

namespace Engine.Protocol.Tests.Codec;

/// <summary>A managed copy of a parsed query, so tests can compare parses with plain equality.</summary>
internal sealed record QuerySnapshot(
    ulong RequestId,
    string Principal,
    string Action,
    string Resource,
    string? ResourceAccount,
    string Context)
{
    public static QuerySnapshot Of(in QueryFrame frame)
    {
        var context = new StringBuilder();
        foreach (ContextEntry entry in frame.Context)
        {
            context.Append(Text(entry.Key)).Append(entry.IsMultivalued ? "=[" : "=");
            foreach (ReadOnlySpan<byte> value in entry.Values)
            {
                context.Append('"').Append(Text(value)).Append("\",");
            }

            context.Append(entry.IsMultivalued ? "];" : ";");
        }

        return new QuerySnapshot(
            frame.RequestId,
            Text(frame.Principal),
            Text(frame.Action),
            Text(frame.Resource),
            frame.HasResourceAccount ? Text(frame.ResourceAccount) : null,
            context.ToString());
    }

    /// <summary>The same text for what the client meant to send.</summary>
    public static QuerySnapshot Of(
        ulong requestId,
        string principal,
        string action,
        string resource,
        string? resourceAccount,
        IReadOnlyList<QueryContextEntry> entries)
    {
        var context = new StringBuilder();
        foreach (QueryContextEntry entry in entries)
        {
            context.Append(entry.Key).Append(entry.IsMultivalued ? "=[" : "=");
            foreach (string value in entry.Values)
            {
                context.Append('"').Append(value).Append("\",");
            }

            context.Append(entry.IsMultivalued ? "];" : ";");
        }

        return new QuerySnapshot(requestId, principal, action, resource, resourceAccount, context.ToString());
    }

    private static string Text(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);
}
