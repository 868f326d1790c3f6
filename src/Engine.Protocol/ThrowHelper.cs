using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Engine.Protocol;

/// <summary>
/// The protocol's rare throws, kept out of line so the hot methods that guard them stay small
/// enough to inline. Input from the network never reaches these: it is rejected, not thrown.
/// </summary>
[StackTraceHidden]
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowArgumentOutOfRange(string paramName) =>
        throw new ArgumentOutOfRangeException(paramName);

    [DoesNotReturn]
    public static void ThrowArgument(string message, string paramName) =>
        throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static void ThrowScratchTooSmall(int needed, int available, string paramName) =>
        throw new ArgumentException(
            $"scratch buffer of {available} bytes cannot hold a frame body of {needed} bytes; size it to ProtocolLimits.MaxFrameSize",
            paramName);

    [DoesNotReturn]
    public static void ThrowInvalidResponse(string reason) =>
        throw new InvalidDataException($"malformed response from the server: {reason}");
}
