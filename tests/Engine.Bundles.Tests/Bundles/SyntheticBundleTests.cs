using System.Diagnostics;
using Engine.Runtime.Evaluation;
using Engine.Testing.Bundles;
using Xunit.Abstractions;

namespace Engine.Bundles.Tests.Bundles;

/// <summary>
/// Loads the synthetic 10,000-principal, 1,000-policy bundle. The times go to the test output
/// (never asserted: a busy CI machine is not a benchmark); docs/bundles.md has the command.
/// </summary>
public sealed class SyntheticBundleTests(ITestOutputHelper output)
{
    [Fact]
    public void Ten_thousand_principals_and_a_thousand_policies_load_and_resolve()
    {
        string directory = Directory.CreateTempSubdirectory("bundle-synthetic-").FullName;
        try
        {
            var clock = Stopwatch.StartNew();
            SyntheticBundleInfo info = SyntheticBundle.Write(directory);
            TimeSpan written = clock.Elapsed;

            clock.Restart();
            TimeSpan cpu = Environment.CpuUsage.TotalTime;
            BundleLoadResult result = BundleLoader.Load(directory);
            TimeSpan loaded = clock.Elapsed, loadCpu = Environment.CpuUsage.TotalTime - cpu;
            int compiledAtLoad = result.Bundle?.CompiledSetCount ?? 0;

            Assert.Empty(result.Errors);
            Bundle bundle = result.Bundle!;
            Assert.Equal(10_000, bundle.PrincipalCount);
            Assert.Equal(1_000, info.PolicyCount);
            Assert.True(bundle.ProfileCount < 1_000, $"{bundle.ProfileCount} profiles");

            clock.Restart();
            int resolved = 0;
            foreach (string principal in info.Users.Concat(info.Roles))
            {
                resolved += bundle.TryResolve(principal, info.Buckets[0] + "/object", "", out CompiledPolicySet? _) ? 1 : 0;
            }

            TimeSpan firstUse = clock.Elapsed;
            Assert.Equal(10_000, resolved);
            Assert.True(bundle.TryResolve(SessionOf(info.Roles[0]), "*", "", out _));

            // A reload is a second load of the same directory given the bundle it replaces (docs/server.md),
            // while the first bundle's sets may still be promoted to IL in the background.
            clock.Restart();
            cpu = Environment.CpuUsage.TotalTime;
            BundleLoadResult reload = BundleLoader.Load(directory, bundle);
            TimeSpan reloaded = clock.Elapsed, reloadCpu = Environment.CpuUsage.TotalTime - cpu;
            Assert.Empty(reload.Errors);
            Assert.Equal(bundle.PolicyCount, reload.Bundle!.ParsedFiles.Reused);
            Assert.True(reload.Bundle.ReusedManifest);
            Assert.Equal(compiledAtLoad, reload.Bundle.ReusedSetCount);
            Assert.Equal(compiledAtLoad, reload.Bundle.CompiledSetCount);

            clock.Restart();
            long compiledBytes = bundle.EstimateCompiledBytes();
            TimeSpan estimated = clock.Elapsed;
            long policyJson = Directory.EnumerateFiles(Path.Combine(directory, "policies")).Sum(f => new FileInfo(f).Length);
            Assert.True(compiledBytes > 0);

            output.WriteLine($"wrote the bundle in {written.TotalSeconds:F2} s");
            output.WriteLine($"loaded {bundle.PrincipalCount} principals, {bundle.PolicyCount} policy documents, {bundle.ProfileCount} profiles, {compiledAtLoad} compiled sets in {loaded.TotalSeconds:F2} s ({loadCpu.TotalSeconds:F2} s CPU, the process's)");
            output.WriteLine($"resolved every principal on a bucket with a policy in {firstUse.TotalSeconds:F2} s (compiling {bundle.CompiledSetCount - compiledAtLoad} more sets)");
            output.WriteLine($"reloaded in {reloaded.TotalSeconds:F2} s ({reloadCpu.TotalSeconds:F2} s CPU, the process's, the IL tier of the first load's sets included; every file unchanged, so the manifest's reading, the parsed documents and the {reload.Bundle.ReusedSetCount} eager sets taken over)");
            output.WriteLine($"compiled sets hold {compiledBytes:N0} bytes ({bundle.CompiledSetCount} sets, {compiledBytes / bundle.CompiledSetCount:N0} each; walked in {estimated.TotalMilliseconds:F0} ms); the policy files are {policyJson:N0} bytes");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string SessionOf(string roleArn)
    {
        // arn:aws:iam::A:role/path/NAME -> arn:aws:sts::A:assumed-role/NAME/session
        string[] parts = roleArn.Split(':');
        string name = parts[5][(parts[5].LastIndexOf('/') + 1)..];
        return $"arn:{parts[1]}:sts::{parts[4]}:assumed-role/{name}/session";
    }
}
