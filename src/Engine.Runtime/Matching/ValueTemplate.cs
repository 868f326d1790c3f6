namespace Engine.Runtime.Matching;

/// <summary>
/// A policy value or resource pattern that contains policy variables (iam-semantics.md §6),
/// prepared at compile time as literal parts and variable parts; filled from the request without
/// allocating. Substituted text is literal: when rendering for a glob, its <c>*</c>, <c>?</c> and
/// <c>\</c> are escaped with <c>\</c> (the runtime's escaped-pattern convention).
/// </summary>
internal sealed class ValueTemplate
{
    private readonly TemplatePart[] _parts;

    /// <summary>Creates a template.</summary>
    /// <param name="parts">The parts in order.</param>
    public ValueTemplate(IEnumerable<TemplatePart> parts) => _parts = [.. parts];

    /// <summary>
    /// Fills the template from the request. Returns false when a variable has no single value and no
    /// default — the "null" of §6.4.
    /// </summary>
    /// <param name="request">The request (its context slots must be resolved).</param>
    /// <param name="escapeVariables">Whether substituted text is escaped for a glob.</param>
    /// <param name="rendered">The text, in the request's render buffer (valid until the next render).</param>
    internal bool TryRender(Evaluation.AuthorizationRequest request, bool escapeVariables, out ReadOnlySpan<char> rendered)
    {
        // First pass: the length, so the buffer is sized once.
        int length = 0;
        foreach (TemplatePart part in _parts)
        {
            if (part.Literal is not null)
            {
                length += part.Literal.Length;
                continue;
            }

            int entry = request.EntryOf(part.Slot);
            if (entry >= 0 && !request.IsMultivalued(entry))
            {
                length += request.ContextValue(entry, 0).Length * (escapeVariables ? 2 : 1);
            }
            else if (part.Default is not null)
            {
                length += part.Default.Length * (escapeVariables ? 2 : 1);
            }
            else
            {
                rendered = default;
                return false;
            }
        }

        Span<char> buffer = request.RenderBuffer(length);
        int written = 0;
        foreach (TemplatePart part in _parts)
        {
            if (part.Literal is not null)
            {
                part.Literal.CopyTo(buffer[written..]);
                written += part.Literal.Length;
                continue;
            }

            int entry = request.EntryOf(part.Slot);
            ReadOnlySpan<char> value = entry >= 0 && !request.IsMultivalued(entry) ? request.ContextValue(entry, 0) : part.Default;
            written += escapeVariables ? Escape(value, buffer[written..]) : Copy(value, buffer[written..]);
        }

        rendered = buffer[..written];
        return true;
    }

    /// <summary>
    /// Whether the filled template equals <paramref name="value"/>, compared piece by piece without
    /// rendering. <paramref name="resolved"/> is false when a variable has no value (§6.4).
    /// </summary>
    /// <param name="value">The request value.</param>
    /// <param name="request">The request (slots resolved).</param>
    /// <param name="ignoreCase">Compare ignoring case.</param>
    /// <param name="resolved">Whether every variable had a value or a default.</param>
    internal bool EqualsFilled(ReadOnlySpan<char> value, Evaluation.AuthorizationRequest request, bool ignoreCase, out bool resolved)
    {
        resolved = true;
        bool equal = true;
        int at = 0;
        StringComparison comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        foreach (TemplatePart part in _parts)
        {
            ReadOnlySpan<char> text = part.Literal;
            if (part.Literal is null)
            {
                int entry = request.EntryOf(part.Slot);
                if (entry >= 0 && !request.IsMultivalued(entry))
                {
                    text = request.ContextValue(entry, 0);
                }
                else if (part.Default is not null)
                {
                    text = part.Default;
                }
                else
                {
                    resolved = false;
                    return false;
                }
            }

            // Keep going after a mismatch: a later unresolved variable still makes the value null.
            equal = equal && at + text.Length <= value.Length && value.Slice(at, text.Length).Equals(text, comparison);
            at += text.Length;
        }

        return equal && at == value.Length;
    }

    private static int Copy(ReadOnlySpan<char> value, Span<char> into)
    {
        value.CopyTo(into);
        return value.Length;
    }

    private static int Escape(ReadOnlySpan<char> value, Span<char> into)
    {
        int n = 0;
        foreach (char c in value)
        {
            if (c is '*' or '?' or '\\')
            {
                into[n++] = '\\';
            }

            into[n++] = c;
        }

        return n;
    }
}

/// <summary>One part of a <see cref="ValueTemplate"/>: literal text, or a variable with its slot and optional default.</summary>
/// <param name="Literal">Literal text (already escaped when the template renders a glob), or null for a variable.</param>
/// <param name="Slot">The condition-key slot of the variable.</param>
/// <param name="Default">The variable's default value (unescaped), or null.</param>
internal readonly record struct TemplatePart(string? Literal, int Slot, string? Default);
