using System.Runtime.InteropServices;

namespace Engine.Host.Cli;

/// <summary>
/// SIGHUP, registered so that it works even when the process inherited it as ignored (started
/// under <c>nohup</c>, or from a shell that ran <c>trap '' HUP</c>): .NET leaves a signal whose
/// inherited disposition is "ignore" ignored, so a <see cref="PosixSignalRegistration"/> alone never
/// fires (issue #14, finding 4). The disposition is reset to the default first, then registered.
/// </summary>
internal static class HangUpSignal
{
    private const int SigHup = 1;

    /// <summary>Registers <paramref name="handler"/> for SIGHUP; dispose the result to unregister.</summary>
    public static PosixSignalRegistration Register(Action<PosixSignalContext> handler)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            // A SIGHUP in the microseconds between these two calls would terminate the process
            // (the default action); it is done once, at start, before the server listens.
            _ = NativeMethods.Signal(SigHup, 0 /* SIG_DFL */);
        }

        return PosixSignalRegistration.Create(PosixSignal.SIGHUP, handler);
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "signal")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern nint Signal(int signal, nint handler);
    }
}
