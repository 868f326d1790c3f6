using System.Buffers.Binary;
using Engine.Protocol;
using Engine.Runtime.Evaluation;

namespace Engine.LoadGen.Workload;

/// <summary>
/// One case's Query frame, encoded once. A send copies <see cref="Frame"/> and patches only the
/// request id (<see cref="CopyTo"/>), so the generator allocates nothing per request.
/// </summary>
/// <param name="Name">The case name, for mismatch reports.</param>
/// <param name="Frame">The whole encoded frame, request id 0.</param>
/// <param name="Expect">The expected decision, or null when the case states none (not checked).</param>
internal sealed record RequestTemplate(string Name, byte[] Frame, Decision? Expect)
{
    // INVARIANT (header-layout): the request id is the u64 at offset 8 of every frame.
    private const int RequestIdOffset = 8;

    /// <summary>Copies the frame into <paramref name="destination"/> with <paramref name="requestId"/> patched in.</summary>
    /// <param name="destination">At least <see cref="Frame"/>'s length.</param>
    /// <param name="requestId">The id for this send.</param>
    /// <returns>The bytes written.</returns>
    public int CopyTo(Span<byte> destination, ulong requestId)
    {
        Frame.CopyTo(destination);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[RequestIdOffset..], requestId);
        return Frame.Length;
    }

    /// <summary>The offset of the request id in a frame (for tests).</summary>
    public static int IdOffset => RequestIdOffset;

    /// <summary>Checks that the header holds the id where <see cref="CopyTo"/> patches it.</summary>
    /// <returns>The template.</returns>
    public RequestTemplate Validate()
    {
        if (Frame.Length < ProtocolConstants.HeaderSize || Frame[4] != ProtocolConstants.Magic)
        {
            throw new InvalidOperationException("not a protocol frame");
        }

        return this;
    }
}
