using System.Text;

namespace Engine.Protocol.Client;

/// <summary>
/// Turns a Decision's Sid bytes into a string without allocating for a Sid seen before: a policy
/// set has few Sids and a server repeats them. Used by the receive loop alone, so not locked.
/// </summary>
internal sealed class SidCache
{
    private const int Size = 256;
    private readonly byte[]?[] _keys = new byte[]?[Size];
    private readonly string?[] _values = new string?[Size];

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        var hash = default(HashCode);
        hash.AddBytes(utf8);
        int slot = hash.ToHashCode() & (Size - 1);
        if (_keys[slot] is { } key && utf8.SequenceEqual(key))
        {
            return _values[slot]!;
        }

        // A miss (first sight, or a collision): decode and keep the newest.
        string text = Encoding.UTF8.GetString(utf8);
        _keys[slot] = utf8.ToArray();
        _values[slot] = text;
        return text;
    }
}
