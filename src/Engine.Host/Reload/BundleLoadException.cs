using System.Collections.Immutable;
using Engine.Bundles;

namespace Engine.Host.Reload;

/// <summary>A bundle that did not load; its message lists every located error, one per line.</summary>
public sealed class BundleLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="directory">The bundle directory.</param>
    /// <param name="errors">Every error found.</param>
    public BundleLoadException(string directory, ImmutableArray<BundleError> errors)
        : base($"bundle `{directory}` was rejected:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", errors)}")
    {
        Errors = errors;
    }

    /// <summary>Creates the exception.</summary>
    public BundleLoadException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public BundleLoadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="inner">The cause.</param>
    public BundleLoadException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The errors.</summary>
    public ImmutableArray<BundleError> Errors { get; }
}
