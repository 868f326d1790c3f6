using System.Text;

namespace Engine.Gateway.Mapping;

/// <summary>
/// A route rule: a request whose method and path match gets an action and a resource built from
/// the path's variables (<c>arn:aws:s3:::{bucket}/{key}</c>).
/// </summary>
/// <param name="Method">The HTTP method, or null for any.</param>
/// <param name="Path">The path template.</param>
/// <param name="Action">The action template (<c>service:Action</c>, may use the variables).</param>
/// <param name="Resource">The resource template.</param>
public sealed record RouteRule(string? Method, PathTemplate Path, string Action, string Resource)
{
    /// <summary>Whether the rule applies to a request, and the values of its variables.</summary>
    /// <param name="method">The request's method.</param>
    /// <param name="path">The request's path without its query.</param>
    /// <param name="values">The path's variables.</param>
    public bool TryMatch(string method, string path, out Dictionary<string, string>? values)
    {
        values = null;
        return (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase)) && Path.TryMatch(path, out values);
    }

    /// <summary>Replaces each <c>{name}</c> of a template with its value (every name was checked when the file was read).</summary>
    /// <param name="template">The template.</param>
    /// <param name="values">The values by name.</param>
    public static string Expand(string template, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        var builder = new StringBuilder(template.Length + 32);
        int i = 0;
        while (i < template.Length)
        {
            int open = template.IndexOf('{', i);
            int close = open < 0 ? -1 : template.IndexOf('}', open);
            if (close < 0)
            {
                builder.Append(template, i, template.Length - i);
                break;
            }

            builder.Append(template, i, open - i);
            builder.Append(values[template[(open + 1)..close]]);
            i = close + 1;
        }

        return builder.ToString();
    }

    /// <summary>The names a template uses, in order.</summary>
    /// <param name="template">The template.</param>
    public static IEnumerable<string> NamesIn(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        int i = 0;
        while (true)
        {
            int open = template.IndexOf('{', i);
            int close = open < 0 ? -1 : template.IndexOf('}', open);
            if (close < 0)
            {
                yield break;
            }

            yield return template[(open + 1)..close];
            i = close + 1;
        }
    }
}
