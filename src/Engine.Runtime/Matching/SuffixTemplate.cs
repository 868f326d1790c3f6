using Engine.Runtime.Evaluation;

namespace Engine.Runtime.Matching;

/// <summary>
/// A resource pattern whose policy variables all lie after its last wildcard, e.g.
/// <c>arn:aws:iam::*:user/${aws:username}</c>: a classified head glob (<c>arn:aws:iam::*</c>) and a
/// literal tail with variables (<c>:user/${aws:username}</c>). It matches when the resource ends
/// with the filled tail and the rest matches the head — without rendering the pattern or
/// re-reading it per request.
/// </summary>
/// <remarks>
/// INVARIANT (suffix split): the compiler only builds one when the tail has no wildcard and the
/// head's last wildcard keeps its meaning when the tail is cut off — a star that ends the head in
/// the first five fields must be followed by <c>:</c> in the tail, so it may run over colons in the
/// whole pattern exactly as it does at the end of the head alone (§5.2). Then the whole pattern
/// matches <c>r</c> iff the tail's text ends <c>r</c> and the head matches the rest.
/// </remarks>
internal sealed class SuffixTemplate
{
    private readonly ResourcePattern _head;
    private readonly TemplatePart[] _tail;

    /// <summary>Creates the template.</summary>
    /// <param name="head">The classified head glob.</param>
    /// <param name="tail">The tail's parts; literals are plain (unescaped) text.</param>
    public SuffixTemplate(ResourcePattern head, IEnumerable<TemplatePart> tail)
    {
        _head = head ?? throw new ArgumentNullException(nameof(head));
        _tail = [.. tail];
    }

    /// <summary>1 when it matches the request resource, 0 when not, <see cref="ResourceMatching.Unresolved"/> when a variable has no value.</summary>
    /// <param name="request">The request (slots resolved).</param>
    public int Match(AuthorizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        // First every variable must resolve: an unresolved one decides alone (§6.4), whatever the match.
        foreach (TemplatePart part in _tail)
        {
            if (part.Literal is null && !TryValue(part, request, out _))
            {
                return ResourceMatching.Unresolved;
            }
        }

        ReadOnlySpan<char> resource = request.Resource;
        int end = resource.Length;
        for (int i = _tail.Length - 1; i >= 0; i--)
        {
            TemplatePart part = _tail[i];
            ReadOnlySpan<char> text = part.Literal ?? (TryValue(part, request, out ReadOnlySpan<char> value) ? value : default);
            if (text.Length > end || !resource.Slice(end - text.Length, text.Length).SequenceEqual(text))
            {
                return 0;
            }

            end -= text.Length;
        }

        return _head.IsMatch(resource[..end]) ? 1 : 0;
    }

    private static bool TryValue(TemplatePart part, AuthorizationRequest request, out ReadOnlySpan<char> value)
    {
        int entry = request.EntryOf(part.Slot);
        if (entry >= 0 && !request.IsMultivalued(entry))
        {
            value = request.ContextValue(entry, 0);
            return true;
        }

        value = part.Default;
        return part.Default is not null;
    }
}
