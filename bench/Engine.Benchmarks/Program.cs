using BenchmarkDotNet.Running;

namespace Engine.Benchmarks;

/// <summary>
/// Runs the BenchmarkDotNet suites: <c>dotnet run -c Release --project bench/Engine.Benchmarks -- --filter *</c>;
/// <c>-- growth-counts</c> prints the statements that select and apply per request along the growth curve;
/// <c>-- overlap-profile</c> times the overlap workloads by subtraction (<see cref="OverlapProfile"/>).
/// </summary>
internal static class Program
{
    private static void Main(string[] args)
    {
        if (args is ["growth-counts"])
        {
            GrowthShapes.PrintCounts();
            return;
        }

        if (args is ["overlap-profile"])
        {
            OverlapProfile.Run();
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
