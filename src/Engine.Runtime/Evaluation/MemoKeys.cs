namespace Engine.Runtime.Evaluation;

/// <summary>
/// Process-unique keys for the atoms a request remembers within one evaluation
/// (<see cref="AuthorizationRequest.TryRecall"/>): resource patterns and conditions. A key is fixed
/// when its atom is built, so an atom shared by statements or by policy sets is one key.
/// </summary>
internal static class MemoKeys
{
    private static int s_last;

    /// <summary>A new key in 1 … 2^31 - 1 (after 2^31 atoms keys repeat: a repeated key among the atoms of one evaluation only makes them recompute, since an entry also holds the key).</summary>
    public static int Next()
    {
        int key = Interlocked.Increment(ref s_last) & int.MaxValue;
        return key == 0 ? Next() : key;
    }
}
