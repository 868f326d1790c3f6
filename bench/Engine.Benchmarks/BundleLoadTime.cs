using System.Diagnostics;
using System.Globalization;
using Engine.Bundles;
using Engine.Testing.Bundles;

namespace Engine.Benchmarks;

/// <summary>
/// Times a first load of the synthetic 10,000-principal, 1,000-policy bundle in a fresh process
/// (the process's first use of the compiler, as for <c>engine serve</c>), then a reload of the same
/// directory: <c>Engine.Benchmarks bundle-load [DIRECTORY]</c>. A directory that does not exist is
/// written first and kept (a later run then loads it in a process that never wrote it); without a
/// directory the bundle is written to a temporary one (not timed) and deleted after. A process of its own, so that
/// <c>perf record</c> sees only the load (docs/benchmarks.md §1, "Bundle load and reload").
/// </summary>
internal static class BundleLoadTime
{
    public static int Run(string? directory)
    {
        string folder = directory ?? Directory.CreateTempSubdirectory("bundle-load-").FullName;
        try
        {
            if (directory is null || !Directory.Exists(folder))
            {
                _ = SyntheticBundle.Write(Directory.CreateDirectory(folder).FullName);
            }

            GC.Collect();
            var clock = Stopwatch.StartNew();
            TimeSpan cpu = Environment.CpuUsage.TotalTime;
            BundleLoadResult load = BundleLoader.Load(folder);
            TimeSpan loaded = clock.Elapsed, loadCpu = Environment.CpuUsage.TotalTime - cpu;
            if (load.Bundle is null || !load.Errors.IsEmpty)
            {
                Console.Error.WriteLine($"bundle-load: errors, the first: {load.Errors.FirstOrDefault()}");
                return 1;
            }

            clock.Restart();
            cpu = Environment.CpuUsage.TotalTime;
            BundleLoadResult reload = BundleLoader.Load(folder, load.Bundle);
            TimeSpan reloaded = clock.Elapsed, reloadCpu = Environment.CpuUsage.TotalTime - cpu;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load {loaded.TotalSeconds:F3} s ({loadCpu.TotalSeconds:F3} s CPU), {load.Bundle.CompiledSetCount} sets; reload {reloaded.TotalSeconds:F3} s ({reloadCpu.TotalSeconds:F3} s CPU), {(reload.Bundle is null ? "failed" : "ok")}; gen0 collections {GC.CollectionCount(0)}"));
            return 0;
        }
        finally
        {
            if (directory is null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
