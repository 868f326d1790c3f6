using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Engine.LoadGen.Running;

/// <summary>
/// Sleeps until a <see cref="Stopwatch"/> timestamp with microsecond precision, on Linux:
/// <c>clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME)</c> on the very clock <see cref="Stopwatch"/>
/// reads (checked once at start), with the calling thread's timer slack cut from the default
/// 50 µs to 1 ns (<c>prctl(PR_SET_TIMERSLACK)</c>). For <c>--pacer sleep</c>: a pacer that spins
/// between requests 20 µs apart holds a core of a shared machine, one that sleeps pays a wake-up
/// per request instead; how late a wake-up is still shows as send lag.
/// </summary>
internal static class PreciseSleep
{
    private const int ClockMonotonic = 1;
    private const int TimerAbsoluteTime = 1;
    private const int PrSetTimerSlack = 29;
    private const int Interrupted = 4; // EINTR
    private const long NanosecondsPerSecond = 1_000_000_000;

    /// <summary>Whether <see cref="Until"/> can be used: Linux, with Stopwatch on CLOCK_MONOTONIC in nanoseconds.</summary>
    public static bool IsAvailable { get; } = Probe();

    /// <summary>Cuts the calling thread's timer slack to 1 ns, so its sleeps end when asked (call on the sleeping thread).</summary>
    public static void UseFineTimerSlack()
    {
        if (IsAvailable)
        {
            _ = NativeMethods.Prctl(PrSetTimerSlack, 1, 0, 0, 0);
        }
    }

    /// <summary>Sleeps until <paramref name="timestamp"/> (a <see cref="Stopwatch"/> timestamp); at once when it has passed.</summary>
    /// <param name="timestamp">The deadline.</param>
    public static void Until(long timestamp)
    {
        var deadline = new Timespec { Seconds = timestamp / NanosecondsPerSecond, Nanoseconds = timestamp % NanosecondsPerSecond };

        // Bounded: an absolute deadline is reached whatever interrupts the sleep.
        while (NativeMethods.ClockNanosleep(ClockMonotonic, TimerAbsoluteTime, ref deadline, IntPtr.Zero) == Interrupted)
        {
        }
    }

    // The deadline is given in Stopwatch ticks: only valid when they are CLOCK_MONOTONIC nanoseconds.
    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux() || Stopwatch.Frequency != NanosecondsPerSecond)
        {
            return false;
        }

        try
        {
            long before = Stopwatch.GetTimestamp();
            if (NativeMethods.ClockGettime(ClockMonotonic, out Timespec now) != 0)
            {
                return false;
            }

            long after = Stopwatch.GetTimestamp();
            long monotonic = (now.Seconds * NanosecondsPerSecond) + now.Nanoseconds;
            return monotonic >= before - 1_000_000 && monotonic <= after + 1_000_000;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static class NativeMethods
    {
        // DllImport rather than LibraryImport: the generated marshaller would need unsafe code in this project.
        [DllImport("libc", EntryPoint = "clock_nanosleep")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int ClockNanosleep(int clock, int flags, ref Timespec request, IntPtr remain);

        [DllImport("libc", EntryPoint = "clock_gettime")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int ClockGettime(int clock, out Timespec time);

        [DllImport("libc", EntryPoint = "prctl")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
    }
}
