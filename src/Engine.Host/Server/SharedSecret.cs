using System.Security.Cryptography;
using System.Text;

namespace Engine.Host.Server;

/// <summary>
/// The token of <c>engine serve --auth-token-file</c>: read from its file at start and again on
/// every reload (SIGHUP), so a token is rotated by rewriting the file and reloading. Only its
/// SHA-256 is kept; a Hello's token is hashed too and the two hashes compared in constant time, so
/// neither the token's bytes nor its length leak through timing.
/// </summary>
public sealed class SharedSecret
{
    /// <summary>The fewest bytes a token may have: a shorter one could be guessed.</summary>
    public const int MinLength = 16;

    private byte[] _hash;

    private SharedSecret(string path, byte[] hash)
    {
        FilePath = path;
        _hash = hash;
    }

    /// <summary>The token file.</summary>
    public string FilePath { get; }

    /// <summary>Reads the token file.</summary>
    /// <param name="path">The file: the token on its own, surrounding whitespace (a final newline) ignored.</param>
    /// <returns>The secret.</returns>
    /// <exception cref="IOException">The file cannot be read, every user may read it, or the token is shorter than <see cref="MinLength"/> or longer than the protocol allows.</exception>
    public static SharedSecret Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new SharedSecret(path, ReadHash(path));
    }

    /// <summary>Reads the file again; on failure the token in use stays (the caller logs why).</summary>
    /// <exception cref="IOException">As <see cref="Load"/>.</exception>
    public void Reload() => Volatile.Write(ref _hash, ReadHash(FilePath));

    /// <summary>Whether <paramref name="token"/> is the token, in time that does not depend on where they differ.</summary>
    /// <param name="token">The token a Hello frame carried.</param>
    /// <returns>True when it matches.</returns>
    public bool Matches(ReadOnlySpan<byte> token)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(token, hash);
        return CryptographicOperations.FixedTimeEquals(hash, Volatile.Read(ref _hash));
    }

    private static byte[] ReadHash(string path)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.OtherRead) != 0)
        {
            throw new IOException($"the token file `{path}` is readable by every user; make it private first: chmod 600 {path}");
        }

        byte[] content = File.ReadAllBytes(path);
        try
        {
            ReadOnlySpan<byte> token = content.AsSpan().Trim(" \t\r\n"u8);
            if (token.Length < MinLength || token.Length > Protocol.ProtocolConstants.MaxTokenLength)
            {
                throw new IOException(
                    $"the token in `{path}` has {token.Length} bytes; it must have {MinLength} to {Protocol.ProtocolConstants.MaxTokenLength} (e.g. `head -c 32 /dev/urandom | base64 > {path}`)");
            }

            if (!Encoding.UTF8.GetString(token).All(c => c > ' ' && c < 0x7F))
            {
                throw new IOException($"the token in `{path}` must be printable ASCII without spaces (e.g. base64 or hex), so that every client reads it the same way");
            }

            return SHA256.HashData(token);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(content);
        }
    }
}
