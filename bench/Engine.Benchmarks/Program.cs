using BenchmarkDotNet.Running;

namespace Engine.Benchmarks;

/// <summary>
/// Runs the BenchmarkDotNet suites: <c>dotnet run -c Release --project bench/Engine.Benchmarks -- --filter *</c>;
/// <c>-- growth-counts</c> prints the statements that select and apply per request along the growth curve;
/// <c>-- overlap-profile</c> times the overlap workloads by subtraction (<see cref="OverlapProfile"/>);
/// <c>-- cpu-ab WORKLOAD N</c> compares compiled plans' atoms in locals with atoms through the memo in one process (<see cref="DecisionCpuTime.RunPlanAtomsAb"/>);
/// <c>-- cpu-ab-builds OLD_TREE NEW_TREE WORKLOAD N [fill|fill-pooled|evaluate]</c> compares two builds of the engine in one process (<see cref="BuildsAb"/>);
/// <c>-- cpu-time WORKLOAD N [fill|fill-pooled|evaluate|fill-only|fill-text]</c> prints the thread CPU time per decision (<see cref="DecisionCpuTime"/>);
/// <c>-- bundle-load [DIRECTORY]</c> times a first load and a reload of the synthetic bundle (<see cref="BundleLoadTime"/>).
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

        if (args is ["cpu-ab-builds", string oldTree, string newTree, string buildsWorkload, string buildsDecisions, ..])
        {
            Environment.Exit(BuildsAb.Run(oldTree, newTree, buildsWorkload, int.Parse(buildsDecisions, System.Globalization.CultureInfo.InvariantCulture), args.Length > 5 ? args[5] : "fill"));
        }

        if (args is ["cpu-ab", string abWorkload, string abDecisions])
        {
            Environment.Exit(DecisionCpuTime.RunPlanAtomsAb(abWorkload, int.Parse(abDecisions, System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (args is ["cpu-time", string workload, string decisions, ..])
        {
            Environment.Exit(DecisionCpuTime.Run(workload, int.Parse(decisions, System.Globalization.CultureInfo.InvariantCulture), args.Length > 3 ? args[3] : "fill"));
        }

        if (args is ["bundle-load", ..])
        {
            Environment.Exit(BundleLoadTime.Run(args.Length > 1 ? args[1] : null));
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
