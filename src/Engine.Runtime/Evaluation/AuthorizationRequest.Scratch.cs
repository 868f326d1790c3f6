using System.Runtime.CompilerServices;

namespace Engine.Runtime.Evaluation;

public sealed partial class AuthorizationRequest
{
    // Per-evaluation working memory, kept with the request so that a warm request allocates nothing.
    private int[] _slotEntries = new int[16];
    private ulong[] _actionBits = new ulong[8];
    private char[] _render = new char[256];
    private int[] _scpGates = new int[8];
    private char[] _foldedAction = new char[64];

    /// <summary>The managed thread id that last rented this request from <see cref="AuthorizationRequestPool"/>.</summary>
    internal int RentingThread;

    /// <summary>
    /// Above this many bytes of buffers a request is not kept by <see cref="AuthorizationRequestPool"/>:
    /// a 64 KiB frame (the wire protocol's default limit) needs at most ~150 KiB, so only a request
    /// grown by a larger one is dropped, and its buffers go back to the GC instead of staying pooled.
    /// </summary>
    internal const long MaxPooledBytes = 256 * 1024;

    /// <summary>Bytes held by the request's growable buffers (an estimate: arrays' payloads only).</summary>
    internal long RetainedBytes =>
        ((long)_text.Length * sizeof(char))
        + ((long)_render.Length * sizeof(char))
        + ((long)_foldedAction.Length * sizeof(char))
        + ((long)_values.Length * Unsafe.SizeOf<TextRange>())
        + ((long)_keys.Length * Unsafe.SizeOf<ContextKeyRow>())
        + ((long)_slotEntries.Length * sizeof(int))
        + ((long)_scpGates.Length * sizeof(int))
        + ((long)_actionBits.Length * sizeof(ulong));

    // PERF (seed and ten largest managed with a pooled request a decision, 2 % of a decision):
    // summing the buffers at every return read eight array lengths, most of them from arrays the
    // decision never touched; they are summed again only after one of them grew.
    // INVARIANT (growth noted): every place that replaces one of RetainedBytes' buffers sets
    // _buffersGrew (NoteGrowth); the buffers never shrink.
    private bool _buffersGrew;
    private bool _oversized;

    /// <summary>Whether the request grew past <see cref="MaxPooledBytes"/> and should not be pooled.</summary>
    internal bool IsOversized
    {
        get
        {
            if (_buffersGrew)
            {
                _oversized = RetainedBytes > MaxPooledBytes;
                _buffersGrew = false;
            }

            return _oversized;
        }
    }

    // Called by every growth of a buffer RetainedBytes counts.
    private void NoteGrowth() => _buffersGrew = true;

    /// <summary>The caller, classified once per evaluation.</summary>
    internal CallerInfo Caller;

    // The prepared principal: the last principal classified with this request and its
    // classification. An embedder or a connection that asks many questions for one caller
    // classifies it once (CallerInfo.Classify was 9 % of a seed decision in a perf profile).
    private char[] _classifiedPrincipal = new char[128];
    private int _classifiedLength = -1;
    private CallerInfo _classified;

    /// <summary>The classification of the request's principal (§1.2), reused while the principal text stays the same.</summary>
    internal CallerInfo ClassifyPrincipal()
    {
        ReadOnlySpan<char> principal = Principal;
        if (principal.Length == _classifiedLength && principal.SequenceEqual(_classifiedPrincipal.AsSpan(0, _classifiedLength)))
        {
            return _classified;
        }

        CallerInfo caller = CallerInfo.Classify(principal);
        if (principal.Length <= _classifiedPrincipal.Length)
        {
            principal.CopyTo(_classifiedPrincipal);
            _classifiedLength = principal.Length;
            _classified = caller;
        }

        return caller;
    }

    /// <summary>Room for the case-folded action, exactly <paramref name="length"/> characters.</summary>
    internal Span<char> FoldBuffer(int length)
    {
        if (_foldedAction.Length < length)
        {
            GrowFoldBuffer(length);
        }

        return _foldedAction.AsSpan(0, length);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowFoldBuffer(int length)
    {
        _foldedAction = new char[Math.Max(length, _foldedAction.Length * 2)];
        NoteGrowth();
    }

    /// <summary>One SCP level gate per level, each -1 (no applicable Allow yet).</summary>
    internal Span<int> PrepareScpGates(int levels) => GrowAndUnset(ref _scpGates, levels);

    // What EntryOf reads: the request's own _slotEntries, or the resolution a prepared context
    // remembered for the set being evaluated (UseResolvedSlots).
    // PERF (ten largest managed policies with fill: 8 % of a decision in ResolveSlots and the copy
    // of the remembered resolution; 10x50 5 %): a remembered resolution is read where it is, not
    // copied, so a decision reads only the slots its conditions ask for.
    // INVARIANT (slot views): the request only ever writes _slotEntries; a remembered resolution is
    // never written after PreparedContext.RememberSlots publishes it.
    private int[] _slotView;

    /// <summary>Context entry index for each condition-key slot of the set being evaluated, or -1.</summary>
    internal Span<int> PrepareSlots(int slotCount)
    {
        Span<int> slots = GrowAndUnset(ref _slotEntries, slotCount);
        UseOwnSlots();
        return slots;
    }

    /// <summary>Reads the slots of this evaluation from <paramref name="resolved"/> (a prepared context's remembered resolution for this set).</summary>
    /// <param name="resolved">The entry index of each slot, at least as many as the set has; never written.</param>
    internal void UseResolvedSlots(int[] resolved) => _slotView = resolved;

    /// <summary>Whether EntryOf reads the request's own slots, not a prepared context's resolution (what the tests observe).</summary>
    internal bool ReadsOwnSlots => ReferenceEquals(_slotView, _slotEntries);

    // Back to the request's own slots; a write (and its barrier) only when a resolution was used.
    private void UseOwnSlots()
    {
        if (!ReferenceEquals(_slotView, _slotEntries))
        {
            _slotView = _slotEntries;
        }
    }

    // The first `length` entries of a reused buffer, each -1.
    private Span<int> GrowAndUnset(ref int[] buffer, int length)
    {
        Span<int> span = Grow(ref buffer, length);
        span.Fill(-1);
        return span;
    }

    // The first `length` entries of a reused buffer, as they were; grows (doubling) only on a bigger set.
    private Span<int> Grow(ref int[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            GrowInts(ref buffer, length);
        }

        return buffer.AsSpan(0, length);
    }

    // PERF: growth out of line, so the buffers' checks stay small enough to inline into Evaluate.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowInts(ref int[] buffer, int length)
    {
        buffer = new int[Math.Max(length, buffer.Length * 2)];
        NoteGrowth();
    }

    /// <summary>The context entry resolved for <paramref name="slot"/>, or -1 when the key is absent.</summary>
    internal int EntryOf(int slot) => _slotView[slot];

    /// <summary>A cleared bit set with room for <paramref name="bits"/> bits.</summary>
    internal Span<ulong> PrepareActionBits(int bits)
    {
        int words = (bits + 63) >> 6;
        if (_actionBits.Length < words)
        {
            GrowActionBits(words);
        }

        Span<ulong> span = _actionBits.AsSpan(0, words);
        span.Clear();
        return span;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowActionBits(int words)
    {
        _actionBits = new ulong[Math.Max(words, _actionBits.Length * 2)];
        NoteGrowth();
    }

    /// <summary>A render buffer of at least <paramref name="length"/> characters (policy-variable substitution).</summary>
    internal char[] RenderBuffer(int length)
    {
        if (_render.Length < length)
        {
            _render = new char[Math.Max(length, _render.Length * 2)];
            NoteGrowth();
        }

        return _render;
    }
}
