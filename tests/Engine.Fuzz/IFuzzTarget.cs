namespace Engine.Fuzz;

/// <summary>
/// One parser under fuzzing: takes any bytes, and throws only when the oracle is broken — an
/// unexpected exception escaping the parser, or an <see cref="OracleViolationException"/> for an
/// answer that must not happen (an Allow for input the parser rejected).
/// </summary>
public interface IFuzzTarget
{
    /// <summary>The name given to <c>fuzz/run.sh</c> and <c>engine-fuzz</c>.</summary>
    string Name { get; }

    /// <summary>Runs one input through the parser and the stages after it.</summary>
    /// <param name="input">Any bytes.</param>
    void Run(ReadOnlySpan<byte> input);

    /// <summary>The seed corpus: files of the repository and inputs built here (valid frames).</summary>
    /// <param name="repository">The repository's root folder.</param>
    IEnumerable<FuzzSeed> Seeds(string repository);
}

/// <summary>A seed input and the name it is written under.</summary>
/// <param name="Name">A file name, unique within a target.</param>
/// <param name="Data">The bytes.</param>
public sealed record FuzzSeed(string Name, byte[] Data);
