namespace Engine.Compiler;

/// <summary>Which engine decides: every conformance test and the CLI's <c>--engine</c> choose one.</summary>
public enum EngineKind
{
    /// <summary>The reference interpreter: the spec written as code.</summary>
    Reference,

    /// <summary>The compiled engine: expression trees compiled to IL.</summary>
    Compiled,

    /// <summary>The compiled engine with the expression trees interpreted (<c>Compile(preferInterpretation: true)</c>).</summary>
    CompiledInterpreted,

    /// <summary>
    /// The compiled engine's first tier: classified checks run by the plain matcher, no expression
    /// trees (<c>PolicySetCompiler.CompileMatcher</c>); a tiered set decides with it until promoted.
    /// </summary>
    CompiledMatcher,
}
