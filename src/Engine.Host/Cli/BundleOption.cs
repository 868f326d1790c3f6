using System.Collections.Immutable;
using Engine.Bundles;
using Engine.Bundles.Accounts;
using Engine.Compiler.Model;

namespace Engine.Host.Cli;

/// <summary>Reads <c>--bundle</c> (repeatable) and <c>--context</c> options shared by the account commands.</summary>
internal static class BundleOption
{
    /// <summary>Loads the bundle; a bundle with errors is a usage error that lists every one.</summary>
    public static Bundle Load(CommandLine line) => Load(line.All("--bundle"), line.One("--key-policies"));

    /// <summary>Loads the bundle; a bundle with errors is a usage error that lists every one.</summary>
    public static Bundle Load(IReadOnlyList<string> paths, string? keyPolicyDirectory = null)
    {
        if (paths.Count == 0)
        {
            throw new UsageException("--bundle is required (a bundle directory, or authorization-details files)");
        }

        BundleLoadResult result = BundleSources.Load(paths, keyPolicyDirectory);
        if (!result.Success)
        {
            throw new UsageException(string.Join(Environment.NewLine, result.Errors.Select(e => e.ToString())));
        }

        return result.Bundle!;
    }

    /// <summary>Parses <c>--context KEY=VALUE</c> options; a repeated key is multivalued.</summary>
    public static ImmutableArray<ContextEntry> Context(IReadOnlyList<string> pairs)
    {
        var context = new List<(string Key, List<string> Values)>();
        foreach (string pair in pairs)
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"--context takes KEY=VALUE, not `{pair}`");
            }

            string key = pair[..equals];
            int existing = context.FindIndex(c => c.Key == key);
            if (existing >= 0)
            {
                context[existing].Values.Add(pair[(equals + 1)..]);
            }
            else
            {
                context.Add((key, [pair[(equals + 1)..]]));
            }
        }

        return [.. context.Select(c => new ContextEntry(c.Key, [.. c.Values], c.Values.Count > 1))];
    }
}
