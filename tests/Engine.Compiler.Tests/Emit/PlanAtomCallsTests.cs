using Engine.Compiler.Emit;
using Engine.Runtime.Conditions;
using Engine.Runtime.Evaluation;
using Engine.Runtime.Matching;
using static Engine.Compiler.Emit.PlanAtomCalls;

namespace Engine.Compiler.Tests.Emit;

/// <summary>
/// Which form a compiled plan gives each of its atoms (<see cref="PlanAtomCalls"/>), and where its
/// stretches start (<see cref="PolicySetCompiler.StretchesOf"/>): forms that decide alike, so
/// the decision tests cannot tell them apart; these pin the choice.
/// </summary>
public sealed class PlanAtomCallsTests
{
    private static readonly ResourcePattern s_shared = ResourcePattern.Create("arn:aws:s3:::reports/*");
    private static readonly ResourcePattern s_single = ResourcePattern.Create("arn:aws:s3:::archive/*");
    private static readonly ResourcePattern s_across = ResourcePattern.Create("arn:aws:s3:::*/tmp/*");
    private static readonly NullCondition s_null = new(slot: 0, anyTrue: true, anyFalse: false);

    [Fact]
    public void An_atom_met_twice_in_one_stretch_is_a_local_once_direct_and_in_two_stretches_through_the_memo()
    {
        // Positions 0–2 are one stretch, 3 the next; `across` is met in both.
        StatementCheck?[] checks = [Check(s_shared, s_across), Check(s_shared), null, Check(s_across, s_single)];
        var atoms = new PlanAtomCalls(checks, [0, 0, 0, 1], rememberAll: false);

        Assert.Equal(AtomForm.Local, atoms.FormOf(s_shared));
        Assert.Equal(AtomForm.Direct, atoms.FormOf(s_single));
        Assert.Equal(AtomForm.Remembered, atoms.FormOf(s_across));
    }

    [Fact]
    public void With_the_switch_every_atom_goes_through_the_memo()
    {
        StatementCheck?[] checks = [Check(s_shared), Check(s_shared, s_single)];
        var atoms = new PlanAtomCalls(checks, [0, 0], rememberAll: true);

        Assert.Equal(AtomForm.Remembered, atoms.FormOf(s_shared));
        Assert.Equal(AtomForm.Remembered, atoms.FormOf(s_single));
    }

    [Fact]
    public void Stretches_start_at_each_position_a_plan_is_entered_at_after_a_grant()
    {
        // Two Denies, then two runs of two Allows each (a grant in the first run goes on at the
        // second, one in the second ends the plan): the plan is entered at 0 and at 2 + 2 = 4.
        var plan = new ActionPlan("S3:GETOBJECT", 0, [0, 1], [2, 3, 4, 5], [2, 2, 4, 4]) { MayCompile = true };

        Assert.Equal([0, 0, 0, 0, 1, 1], PolicySetCompiler.StretchesOf(plan));
    }

    // A Resource element of fixed patterns, and a Null condition the plan emits as it is.
    private static StatementCheck Check(params ResourcePattern[] patterns) =>
        new(new ResourceCheck(false, patterns, [], []), [], [s_null]);
}
