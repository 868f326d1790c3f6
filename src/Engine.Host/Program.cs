namespace Engine.Host;

/// <summary>The entry point; a placeholder until the command line lands.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        // The integrator replaces this with the CLI; exit code 2 means "usage error" until then.
        _ = args;
        Console.Error.WriteLine("engine: commands arrive in a later change");
        return 2;
    }
}
