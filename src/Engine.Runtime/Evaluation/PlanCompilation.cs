namespace Engine.Runtime.Evaluation;

/// <summary>
/// How a promoted set has a busy action's plan compiled into one straight-line check
/// (<see cref="ActionPlan.FirstApplicable"/>); the compiler supplies it when it promotes the set.
/// </summary>
/// <remarks>
/// The runtime decides which plans deserve it (busy ones, up to <see cref="CompiledPolicySet.CompiledPlanLimit"/>
/// per set) and the compiler how: at once on the calling thread, or queued for its background thread.
/// </remarks>
internal abstract class PlanCompilation
{
    /// <summary>Decisions of a plan before it is compiled (1: on its first decision).</summary>
    public abstract int Threshold { get; }

    /// <summary>Compiles <paramref name="plan"/>'s checks from <paramref name="set"/>'s and installs them, now or later.</summary>
    /// <param name="set">The set the plan belongs to.</param>
    /// <param name="plan">A plan the set allows a compiled form.</param>
    public abstract void Compile(CompiledPolicySet set, ActionPlan plan);
}
