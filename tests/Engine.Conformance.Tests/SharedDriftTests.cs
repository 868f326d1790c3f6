using System.Text.Json;
using Engine.Compiler.Cases;
using Engine.Testing;
using Engine.Testing.Workloads;
using Xunit.Abstractions;

namespace Engine.Conformance.Tests;

/// <summary>
/// The repository's copies of the shared data (tests/Vectors, tests/Examples, tests/Workloads)
/// against their originals in <c>../shared</c>, when that folder is beside the repository: a file
/// both hold that differs fails the test, by name; a file only <c>../shared</c> holds is listed as
/// not yet taken in. Without <c>../shared</c> there is nothing to compare, and the output says so.
/// </summary>
public sealed class SharedDriftTests(ITestOutputHelper output)
{
    /// <summary><c>ENGINE_WRITE_SUITES=1</c>: rewrite tests/Workloads from shared/bench before comparing.</summary>
    private static bool WriteSuites => Environment.GetEnvironmentVariable("ENGINE_WRITE_SUITES") == "1";

    [Fact]
    public void Vectors_are_the_shared_vectors()
    {
        if (Shared() is not { } shared)
        {
            return;
        }

        // vectors-next laid over vectors (issue #13): a file of the same name in vectors-next
        // replaces the one in vectors, so a file taken in from vectors-next is compared with it.
        string next = Path.Combine(shared, "spec", "vectors-next");
        AssertSameFiles(Path.Combine(shared, "spec", "vectors"), TestData.VectorsDirectory, "*.json", overlay: next);
        if (Directory.Exists(next))
        {
            AssertSameFiles(next, TestData.VectorsDirectory, "*.json");
        }
    }

    [Fact]
    public void Examples_are_the_shared_examples()
    {
        if (Shared() is not { } shared)
        {
            return;
        }

        AssertSameFiles(Path.Combine(shared, "corpus", "examples"), TestData.ExamplesDirectory, "*");
    }

    [Fact]
    public void Workload_suites_expand_to_the_shared_bench_cases()
    {
        if (Shared() is not { } shared)
        {
            return;
        }

        var differing = new List<string>();
        foreach (string jsonl in Directory.EnumerateFiles(Path.Combine(shared, "bench"), "*.jsonl").Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileNameWithoutExtension(jsonl);
            string suite = Path.Combine(TestData.WorkloadsDirectory, name + ".json");
            if (WriteSuites)
            {
                File.WriteAllText(suite, CaseSuiteConverter.ToSuite(name, description: null, File.ReadLines(jsonl)));
                output.WriteLine($"wrote {Path.GetRelativePath(TestData.WorkloadsDirectory, suite)}");
            }

            if (!File.Exists(suite))
            {
                output.WriteLine($"not yet taken in: {Path.GetRelativePath(shared, jsonl)}");
                continue;
            }

            CaseFileSet expected = CaseFileSet.Load([jsonl]);
            CaseFileSet actual = CaseFileSet.Load([suite]);
            Assert.Empty(expected.Errors);
            Assert.Empty(actual.Errors);
            string? difference = FirstDifference(expected.Cases, actual.Cases);
            if (difference is not null)
            {
                differing.Add($"{Path.GetRelativePath(RepositoryPaths.RepositoryRoot, suite)}: {difference}");
            }
            else
            {
                output.WriteLine($"same cases: {Path.GetRelativePath(shared, jsonl)} and its suite ({actual.Cases.Length} cases)");
            }
        }

        Assert.True(differing.Count == 0, "suites that differ from shared/bench:\n" + string.Join('\n', differing));
    }

    // Same names in the same order, and for each the same policies, request, expect and description.
    private static string? FirstDifference(IReadOnlyList<DecisionCase> expected, IReadOnlyList<DecisionCase> actual)
    {
        if (expected.Count != actual.Count)
        {
            return $"{actual.Count} cases instead of {expected.Count}";
        }

        for (int i = 0; i < expected.Count; i++)
        {
            DecisionCase e = expected[i], a = actual[i];
            if (e.Name != a.Name)
            {
                return $"case {i} is `{a.Name}`, not `{e.Name}`";
            }

            // The model's JSON form is its content (records holding arrays compare by reference).
            if (JsonSerializer.Serialize(e.Policies) != JsonSerializer.Serialize(a.Policies))
            {
                return $"`{e.Name}` has other policies";
            }

            if (JsonSerializer.Serialize(e.Query) != JsonSerializer.Serialize(a.Query) || e.Expect != a.Expect || e.Description != a.Description)
            {
                return $"`{e.Name}` has another request, expect or description";
            }
        }

        return null;
    }

    /// <summary>
    /// Every file of <paramref name="sharedDirectory"/> against its copy; a file that
    /// <paramref name="overlay"/> also holds is replaced there and not compared here.
    /// </summary>
    private void AssertSameFiles(string sharedDirectory, string repositoryDirectory, string pattern, string? overlay = null)
    {
        var differing = new List<string>();
        int same = 0;
        foreach (string file in Directory.EnumerateFiles(sharedDirectory, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string relative = Path.GetRelativePath(sharedDirectory, file);
            string copy = Path.Combine(repositoryDirectory, relative);
            if (overlay is not null && File.Exists(Path.Combine(overlay, relative)))
            {
                output.WriteLine($"replaced by {Path.GetFileName(overlay)}: {relative}");
            }
            else if (!File.Exists(copy))
            {
                output.WriteLine($"not yet taken in: {Path.GetRelativePath(Path.Combine(sharedDirectory, "..", ".."), file)}");
            }
            else if (!File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(copy)))
            {
                differing.Add(Path.GetRelativePath(RepositoryPaths.RepositoryRoot, copy));
            }
            else
            {
                same++;
            }
        }

        output.WriteLine($"{same} files the same in {Path.GetRelativePath(RepositoryPaths.RepositoryRoot, repositoryDirectory)} and {sharedDirectory}");
        Assert.True(differing.Count == 0, $"files that differ from {sharedDirectory}:\n" + string.Join('\n', differing));
    }

    private string? Shared()
    {
        string? shared = RepositoryPaths.SharedDirectoryOrNull;
        if (shared is null)
        {
            output.WriteLine($"no ../shared beside {RepositoryPaths.RepositoryRoot}: the copies in tests/ are not compared with their originals");
        }

        return shared;
    }
}
