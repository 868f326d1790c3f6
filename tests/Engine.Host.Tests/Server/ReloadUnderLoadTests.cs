using Engine.Bundles;
using Engine.Host.Reload;
using Engine.Host.Server;
using Engine.Protocol;
using Engine.Protocol.Client;
using Engine.Runtime.Evaluation;
using static Engine.Host.Tests.Server.MfaQueries;

namespace Engine.Host.Tests.Server;

/// <summary>Reloads while clients are querying: no request fails, every answer is right, the revision moves.</summary>
public sealed class ReloadUnderLoadTests
{
    [Fact]
    public async Task Reloading_while_four_clients_query_fails_no_request()
    {
        // Each reload builds a new source (a fresh compile of the default bundle), as a bundle change would.
        ulong next = 1;
        var holder = new PolicySourceHolder(TestSources.Default(next), _ => TestSources.Default(++next));
        await using TestServer server = TestServer.Start(policies: holder);
        using var stop = new CancellationTokenSource();

        async Task<(int Answers, int Wrong, ulong LastRevision)> Query()
        {
            await using EngineClient client = await server.ConnectAsync();
            int answers = 0, wrong = 0;
            ulong last = 0;
            while (!stop.IsCancellationRequested)
            {
                // Pipelined: 16 in flight, alternating an Allow and an ExplicitDeny.
                DecisionResult[] batch = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => i % 2 == 0
                    ? client.QueryAsync(Alice, "iam:GetUser", "arn:aws:iam::111122223333:user/alice", context: Context("alice", true)).AsTask()
                    : client.QueryAsync(Alice, "s3:ListBucket", "arn:aws:s3:::b", context: Context("alice", false)).AsTask()));
                for (int i = 0; i < batch.Length; i++)
                {
                    answers++;
                    Decision expected = i % 2 == 0 ? Decision.Allow : Decision.ExplicitDeny;
                    wrong += batch[i].Status == ResponseStatus.Ok && batch[i].Decision == expected ? 0 : 1;
                    last = Math.Max(last, batch[i].Revision);
                }
            }

            return (answers, wrong, last);
        }

        Task<(int Answers, int Wrong, ulong LastRevision)>[] clients = [.. Enumerable.Range(0, 4).Select(_ => Task.Run(Query))];
        for (int reload = 0; reload < 20; reload++)
        {
            Assert.True(server.Server.Reload());
            await Task.Delay(25);
        }

        await stop.CancelAsync();
        (int Answers, int Wrong, ulong LastRevision)[] results = await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(results, r => Assert.Equal(0, r.Wrong));
        Assert.All(results, r => Assert.True(r.Answers > 0));
        Assert.Equal(21UL, holder.Current.Revision);
        Assert.Contains(results, r => r.LastRevision > 1);
    }

    [Fact]
    public void A_broken_bundle_is_rejected_with_located_errors_and_the_last_good_one_keeps_serving()
    {
        string directory = Directory.CreateTempSubdirectory("engine-reload-").FullName;
        try
        {
            string source = BundleReload.DefaultDirectory;
            Directory.CreateDirectory(Path.Combine(directory, "policies"));
            File.Copy(Path.Combine(source, BundleLoader.ManifestFileName), Path.Combine(directory, BundleLoader.ManifestFileName));
            File.Copy(Path.Combine(source, "policies", "mfa-self-service.json"), Path.Combine(directory, "policies", "mfa-self-service.json"));
            var holder = new PolicySourceHolder(BundleReload.Load([directory], deriveContext: false), BundleReload.Rebuilder([directory], deriveContext: false));
            ulong good = holder.Current.Revision;

            // Break a policy: the reload must fail with the file, path and position, and swap nothing.
            File.WriteAllText(Path.Combine(directory, "policies", "mfa-self-service.json"), "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"allow\"}]}");
            Assert.False(holder.TryReload(out Exception? error));
            var rejected = Assert.IsType<BundleLoadException>(error);
            Assert.Contains(rejected.Errors, e => e.ToString().Contains("mfa-self-service", StringComparison.Ordinal) && e.Location.Line > 0);
            Assert.Equal(good, holder.Current.Revision);
            Assert.True(holder.Current.TryResolve(Alice, "*", "", out CompiledPolicySet? set) && set is not null);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
