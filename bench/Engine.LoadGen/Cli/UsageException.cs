namespace Engine.LoadGen.Cli;

/// <summary>A mistake in how the generator was called; printed with a hint to <c>--help</c>, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
