using System.Collections.Immutable;
using System.Diagnostics;
using Engine.Bundles.Accounts;
using Engine.Testing.Accounts;
using Xunit.Abstractions;

namespace Engine.Bundles.Tests.Accounts;

/// <summary>A 5,000-principal synthetic account: load, who-can and can-do times (printed, not asserted; docs/accounts.md).</summary>
public sealed class LargeAccountTests(ITestOutputHelper output) : IDisposable
{
    // ENGINE_KEEP_LARGE_ACCOUNT=DIR keeps the pages in DIR, to time the commands on them (docs/accounts.md).
    private static readonly string? s_keep = Environment.GetEnvironmentVariable("ENGINE_KEEP_LARGE_ACCOUNT");
    private readonly string _directory = s_keep ?? Path.Combine(Path.GetTempPath(), "large-account-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (s_keep is null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Five_thousand_principals()
    {
        IReadOnlyList<string> pages = SyntheticAccount.Write(_directory, fillers: 5_000 - 7, pageSize: 1_000);
        long bytes = pages.Sum(p => new FileInfo(p).Length);
        var clock = Stopwatch.StartNew();
        BundleLoadResult result = AuthorizationDetailsLoader.Load(pages);
        TimeSpan load = clock.Elapsed;
        Assert.Empty(result.Errors);
        Bundle bundle = result.Bundle!;
        Assert.Equal(5_000, bundle.PrincipalCount);
        int eagerSets = bundle.CompiledSetCount;

        clock.Restart();
        ImmutableArray<AllowedPrincipal> first = AccountQueries.WhoCan(bundle, "s3:GetObject", "arn:aws:s3:::reports/q1.csv", null, [], deriveContext: true);
        TimeSpan whoCanFirst = clock.Elapsed;
        clock.Restart();
        ImmutableArray<AllowedPrincipal> warm = AccountQueries.WhoCan(bundle, "dynamodb:GetItem", "arn:aws:dynamodb:eu-west-1:111122223333:table/x", null, [], deriveContext: true);
        TimeSpan whoCanWarm = clock.Elapsed;
        clock.Restart();
        ImmutableArray<AllowedPrincipal> trust = AccountQueries.WhoCan(bundle, "sts:AssumeRole", "arn:aws:iam::111122223333:role/service/deployer", null, [], deriveContext: false);
        TimeSpan whoCanTrust = clock.Elapsed;

        ImmutableArray<CatalogAction> catalog = ActionCatalog.Bundled;
        Assert.NotEmpty(catalog);
        clock.Restart();
        ImmutableArray<AllowedAction> canDo = AccountQueries.CanDo(bundle, "arn:aws:iam::111122223333:user/eng/bob", catalog, "*", null, [], deriveContext: true)!.Value;
        TimeSpan canDoTime = clock.Elapsed;

        output.WriteLine($"files: {pages.Count} pages, {bytes / 1_048_576.0:F1} MB; {bundle.PrincipalCount} principals, {bundle.ProfileCount} profiles, {bundle.PolicyCount} documents");
        output.WriteLine($"load (read, parse, resolve, compile {eagerSets} sets): {load.TotalMilliseconds:F0} ms");
        output.WriteLine($"who-can s3:GetObject (derive-context): {whoCanFirst.TotalMilliseconds:F1} ms, {first.Length} allowed");
        output.WriteLine($"who-can dynamodb:GetItem (derive-context): {whoCanWarm.TotalMilliseconds:F1} ms, {warm.Length} allowed");
        output.WriteLine($"who-can sts:AssumeRole on a role (trust policy, sets compiled on first use): {whoCanTrust.TotalMilliseconds:F1} ms, {trust.Length} allowed");
        output.WriteLine($"can-do bob over {catalog.Length} actions: {canDoTime.TotalMilliseconds:F1} ms, {canDo.Length} allowed");
    }
}
