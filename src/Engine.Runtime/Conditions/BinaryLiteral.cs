using System.Buffers;

namespace Engine.Runtime.Conditions;

/// <summary>
/// A policy-side <c>BinaryEquals</c> value (iam-semantics.md §7.4, BinaryEquals): base-64 text
/// decoded once; compared by decoded bytes, or as text when either side is not valid base-64.
/// </summary>
internal sealed class BinaryLiteral
{
    // Request values whose decoded form fits here are decoded on the stack.
    private const int StackBytesLimit = 1024;

    private readonly byte[]? _bytes;

    private BinaryLiteral(string text, byte[]? bytes)
    {
        Text = text;
        _bytes = bytes;
    }

    /// <summary>The policy text as written.</summary>
    public string Text { get; }

    /// <summary>Whether the policy text is valid base-64.</summary>
    public bool IsValidBase64 => _bytes is not null;

    /// <summary>Decodes a policy value (compile time).</summary>
    /// <param name="base64Text">The policy value.</param>
    /// <returns>The literal; it keeps the text alone when the text is not valid base-64.</returns>
    public static BinaryLiteral Create(string base64Text)
    {
        ArgumentNullException.ThrowIfNull(base64Text);
        byte[] buffer = new byte[(base64Text.Length / 4 * 3) + 3];
        byte[]? bytes = Convert.TryFromBase64String(base64Text, buffer, out int written)
            ? buffer.AsSpan(0, written).ToArray()
            : null;
        return new BinaryLiteral(base64Text, bytes);
    }

    /// <summary>Whether a request value equals this policy value (request time; no allocation).</summary>
    /// <param name="requestText">The request value, base-64 text.</param>
    /// <returns>
    /// Byte equality of the decoded values when both are valid base-64; ordinal text equality
    /// otherwise.
    /// </returns>
    public bool Equals(ReadOnlySpan<char> requestText)
    {
        if (_bytes is null)
        {
            return requestText.SequenceEqual(Text);
        }

        // The policy side is valid base-64, so a request that is not cannot equal it as text
        // either: any decoding failure, including "does not fit in the policy's length plus
        // slack", means not equal.
        int capacity = _bytes.Length + 3;
        byte[]? rented = null;
        Span<byte> buffer = capacity <= StackBytesLimit
            ? stackalloc byte[StackBytesLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(capacity));
        try
        {
            return Convert.TryFromBase64Chars(requestText, buffer[..capacity], out int written)
                && buffer[..written].SequenceEqual(_bytes);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
