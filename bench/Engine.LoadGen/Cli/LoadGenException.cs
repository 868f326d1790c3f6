namespace Engine.LoadGen.Cli;

/// <summary>A run that cannot go on (no server, a broken connection, bad cases); printed without a stack trace, exit code 1.</summary>
internal sealed class LoadGenException(string message) : Exception(message);
