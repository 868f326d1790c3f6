using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Engine.Gateway.Mapping;

/// <summary>
/// A path template such as <c>/buckets/{bucket}/objects/{key+}</c>: literal segments match exactly
/// (case-sensitive, as URL paths are), <c>{name}</c> matches one non-empty segment and <c>{name+}</c>,
/// only as the last segment, matches one or more segments with their slashes. Captured values are
/// percent-decoded.
/// </summary>
public sealed class PathTemplate
{
    private readonly ImmutableArray<Segment> _segments;

    private PathTemplate(string text, ImmutableArray<Segment> segments)
    {
        Text = text;
        _segments = segments;
        Variables = [.. segments.Where(s => s.Variable is not null).Select(s => s.Variable!)];
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>The names of the template's variables, in order.</summary>
    public ImmutableArray<string> Variables { get; }

    /// <summary>Parses a template; false with a message when it is malformed.</summary>
    /// <param name="text">The template; it must start with <c>/</c>.</param>
    /// <param name="template">The template.</param>
    /// <param name="error">Why it is malformed.</param>
    public static bool TryParse(string text, [NotNullWhen(true)] out PathTemplate? template, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        template = null;
        if (!text.StartsWith('/'))
        {
            error = $"a path template starts with `/`, not `{text}`";
            return false;
        }

        string[] parts = text[1..].Split('/');
        var segments = ImmutableArray.CreateBuilder<Segment>(parts.Length);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < parts.Length; i++)
        {
            string part = parts[i];
            if (part.StartsWith('{') && part.EndsWith('}'))
            {
                bool greedy = part.EndsWith("+}", StringComparison.Ordinal);
                string name = part[1..^(greedy ? 2 : 1)];
                if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
                {
                    error = $"`{part}` is not a variable: a name of letters, digits, `_` or `-` goes between the braces";
                    return false;
                }

                if (greedy && i != parts.Length - 1)
                {
                    error = $"`{part}` matches the rest of the path, so it must be the last segment";
                    return false;
                }

                if (!names.Add(name))
                {
                    error = $"the variable `{name}` appears twice";
                    return false;
                }

                segments.Add(new Segment(null, name, greedy));
            }
            else if (part.Contains('{', StringComparison.Ordinal) || part.Contains('}', StringComparison.Ordinal))
            {
                error = $"`{part}` mixes text and a variable; a variable takes a whole segment";
                return false;
            }
            else
            {
                segments.Add(new Segment(part, null, false));
            }
        }

        template = new PathTemplate(text, segments.MoveToImmutable());
        error = null;
        return true;
    }

    /// <summary>Matches a request path (without its query) and captures the variables.</summary>
    /// <param name="path">The path, starting with <c>/</c>.</param>
    /// <param name="values">The captured values by name (percent-decoded), when it matches.</param>
    /// <returns>True when the path matches.</returns>
    public bool TryMatch(string path, [NotNullWhen(true)] out Dictionary<string, string>? values)
    {
        ArgumentNullException.ThrowIfNull(path);
        values = null;
        if (!path.StartsWith('/'))
        {
            return false;
        }

        string[] parts = path[1..].Split('/');
        var captured = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < _segments.Length; i++)
        {
            Segment segment = _segments[i];
            if (i >= parts.Length)
            {
                return false;
            }

            if (segment.Greedy)
            {
                string rest = string.Join('/', parts, i, parts.Length - i);
                if (rest.Length == 0)
                {
                    return false;
                }

                captured[segment.Variable!] = string.Join('/', parts[i..].Select(Uri.UnescapeDataString));
                values = captured;
                return true;
            }

            if (segment.Variable is not null)
            {
                if (parts[i].Length == 0)
                {
                    return false;
                }

                captured[segment.Variable] = Uri.UnescapeDataString(parts[i]);
            }
            else if (!string.Equals(segment.Literal, Uri.UnescapeDataString(parts[i]), StringComparison.Ordinal))
            {
                return false;
            }
        }

        if (parts.Length != _segments.Length)
        {
            return false;
        }

        values = captured;
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Text;

    private readonly record struct Segment(string? Literal, string? Variable, bool Greedy);
}
