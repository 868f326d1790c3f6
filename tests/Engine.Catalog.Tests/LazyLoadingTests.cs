using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using Xunit.Abstractions;

namespace Engine.Catalog.Tests;

/// <summary>
/// Each test loads its own copy of Engine.Catalog into a fresh load context, so what other tests have
/// already read in this process does not hide a load that should not have happened.
/// </summary>
public sealed class LazyLoadingTests(ITestOutputHelper output)
{
    private static Assembly FreshCatalog(out AssemblyLoadContext context)
    {
        context = new AssemblyLoadContext("catalog-" + Guid.NewGuid().ToString("N"), isCollectible: true);
        return context.LoadFromAssemblyPath(typeof(AwsManagedPolicies).Assembly.Location);
    }

    private static bool IsLoaded(Assembly catalog, string type) =>
        (bool)catalog.GetType("Engine.Catalog." + type, throwOnError: true)!
            .GetProperty("IsLoaded", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;

    private static object? Get(Assembly catalog, string type, string property) =>
        catalog.GetType("Engine.Catalog." + type, throwOnError: true)!.GetProperty(property, BindingFlags.Public | BindingFlags.Static)!.GetValue(null);

    [Fact]
    public void Nothing_is_read_until_asked_and_each_part_alone()
    {
        Assembly catalog = FreshCatalog(out AssemblyLoadContext context);
        try
        {
            Assert.False(IsLoaded(catalog, "AwsManagedPolicies"));
            Assert.False(IsLoaded(catalog, "ServiceReference"));
            Assert.False(IsLoaded(catalog, "GlobalConditionKeys"));

            // Recognising a managed-policy ARN reads no data.
            MethodInfo isArn = catalog.GetType("Engine.Catalog.AwsManagedPolicies")!.GetMethod("IsAwsManagedArn")!;
            object?[] args = ["arn:aws:iam::aws:policy/ReadOnlyAccess", null];
            Assert.True((bool)isArn.Invoke(null, args)!);
            Assert.False(IsLoaded(catalog, "AwsManagedPolicies"));

            Assert.Equal(58, ((System.Collections.ICollection)Get(catalog, "GlobalConditionKeys", "All")!).Count);
            Assert.True(IsLoaded(catalog, "GlobalConditionKeys"));
            Assert.False(IsLoaded(catalog, "ServiceReference"));
            Assert.False(IsLoaded(catalog, "AwsManagedPolicies"));

            Assert.Equal(456, ((System.Collections.ICollection)Get(catalog, "ServiceReference", "Services")!).Count);
            Assert.True(IsLoaded(catalog, "ServiceReference"));
            Assert.False(IsLoaded(catalog, "AwsManagedPolicies"));
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void Concurrent_first_use_loads_once()
    {
        Assembly catalog = FreshCatalog(out AssemblyLoadContext context);
        try
        {
            using var start = new Barrier(8);
            object?[] seen = new object?[8];
            Thread[] threads = Enumerable.Range(0, 8).Select(i => new Thread(() =>
            {
                start.SignalAndWait();
                seen[i] = Get(catalog, "AwsManagedPolicies", "All");
            })).ToArray();
            foreach (Thread t in threads)
            {
                t.Start();
            }

            foreach (Thread t in threads)
            {
                t.Join();
            }

            Assert.All(seen, s => Assert.Same(seen[0], s));
            Assert.Equal(1644, ((System.Collections.ICollection)seen[0]!).Count);
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void First_use_cost_is_reported()
    {
        // Measured, not asserted against a budget (the machine is shared); the figures go to the test log.
        Assembly catalog = FreshCatalog(out AssemblyLoadContext context);
        try
        {
            foreach ((string type, string property) in new[] { ("GlobalConditionKeys", "All"), ("ServiceReference", "Services"), ("AwsManagedPolicies", "All") })
            {
                long bytes = GC.GetAllocatedBytesForCurrentThread();
                var watch = Stopwatch.StartNew();
                object? value = Get(catalog, type, property);
                watch.Stop();
                bytes = GC.GetAllocatedBytesForCurrentThread() - bytes;
                Assert.NotNull(value);
                Assert.True(IsLoaded(catalog, type));
                output.WriteLine($"{type}: first use {watch.Elapsed.TotalMilliseconds:F1} ms, {bytes / 1024.0 / 1024.0:F1} MiB allocated");
            }
        }
        finally
        {
            context.Unload();
        }
    }
}
