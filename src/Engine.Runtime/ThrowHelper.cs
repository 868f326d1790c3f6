using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Engine.Runtime;

/// <summary>Keeps throw sites out of hot methods so they stay small enough to inline.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    [StackTraceHidden]
    public static void ThrowArgumentTooShort(string paramName, int required) =>
        throw new ArgumentException($"the span must hold at least {required} elements", paramName);

    [DoesNotReturn]
    [StackTraceHidden]
    public static void ThrowValueIndexOutOfRange(int valueIndex, int valueCount) =>
        throw new ArgumentOutOfRangeException(nameof(valueIndex), valueIndex, $"the context entry has {valueCount} value(s)");
}
