namespace Engine.Runtime.Evaluation;

/// <summary>What is wrong with a typed context entry.</summary>
public enum ContextViolation : byte
{
    /// <summary>Nothing: every typed key has values of its type.</summary>
    None = 0,

    /// <summary>A single-valued key was sent as an array (empty, or of any length).</summary>
    NotSingleValue = 1,

    /// <summary>A value is not of the key's type (<c>yes</c> for a Bool key).</summary>
    InvalidValue = 2,
}
