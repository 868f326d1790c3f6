namespace Engine.Compiler.Emit;

/// <summary>A policy the compiler cannot compile. Never a silent fallback: the set is not built.</summary>
public sealed class PolicyCompileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PolicyCompileException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What could not be compiled and where.</param>
    public PolicyCompileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What could not be compiled and where.</param>
    /// <param name="inner">The cause.</param>
    public PolicyCompileException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
