using System.Globalization;

namespace Engine.Fuzz.Tests;

/// <summary>
/// The fuzz targets of docs/fuzzing.md without AFL++: every seed, then mutants of the seeds, through
/// each target's oracle (no exception escapes a parser, nothing it rejects is decided Allow). The
/// mutants are a fixed, reproducible set by default; with ENGINE_FUZZ_SECONDS=S each target
/// also gets S seconds of fresh mutation (for CI: ENGINE_FUZZ_SECONDS=5).
/// </summary>
public sealed class FuzzTargetTests : IClassFixture<FuzzTargetTests.TemporaryFiles>
{
    public static TheoryData<string> Targets => [.. FuzzTargets.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_seed_passes_the_oracle(string name)
    {
        IFuzzTarget target = FuzzTargets.Find(name)!;
        List<FuzzSeed> seeds = [.. target.Seeds(RepositoryFiles.Root())];
        Assert.NotEmpty(seeds);
        foreach (FuzzSeed seed in seeds)
        {
            try
            {
                target.Run(seed.Data);
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed.Name} of `{name}`: {e}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Mutants_of_the_seeds_pass_the_oracle(string name)
    {
        IFuzzTarget target = FuzzTargets.Find(name)!;
        List<FuzzSeed> seeds = [.. target.Seeds(RepositoryFiles.Root())];

        // Fixed seed: the same 200 mutants on every run, so a failure here reproduces.
        long ran = new Mutator(seeds, seed: 14).Run(target, 200);
        Assert.Equal(200, ran);

        if (double.TryParse(Environment.GetEnvironmentVariable("ENGINE_FUZZ_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds > 0)
        {
            int randomSeed = Environment.TickCount;
            try
            {
                new Mutator(seeds, randomSeed).RunFor(target, TimeSpan.FromSeconds(seconds));
            }
            catch (FuzzFailureException e)
            {
                Assert.Fail($"mutation seed {randomSeed}: {e}");
            }
        }
    }

    /// <summary>Deletes the bundle and account targets' temporary folders once every test of the class has run.</summary>
    public sealed class TemporaryFiles : IDisposable
    {
        public void Dispose() => TempFolder.DeleteAll();
    }
}
