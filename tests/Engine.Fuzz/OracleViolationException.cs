namespace Engine.Fuzz;

/// <summary>
/// An input made a later stage do what it must never do (decide Allow for something the parser
/// rejected, reject without saying why). Thrown so that AFL++ records the input as a crash.
/// </summary>
public sealed class OracleViolationException : Exception
{
    public OracleViolationException()
    {
    }

    public OracleViolationException(string message)
        : base(message)
    {
    }

    public OracleViolationException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
