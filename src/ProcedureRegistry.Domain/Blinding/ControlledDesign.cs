using ProcedureRegistry.Domain.Clinical;

namespace ProcedureRegistry.Domain.Blinding;

/// <summary>What a blinded, randomised protocol allocates (clinical-reference §9).</summary>
public enum ControlledDesign
{
    /// <summary>The order of lidocaine 2 % and bupivacaine 0.5 % over the two blocks of a comparative pair.</summary>
    ComparativeOrder,
    /// <summary>The confirmatory injection: the protocol's local anesthetic or normal saline.</summary>
    PlaceboControlled,
}

/// <summary>An arm of the allocation. A comparative protocol uses the first two, a placebo-controlled one the last two.</summary>
public enum AllocationArm
{
    ShortActingFirst,
    LongActingFirst,
    Anesthetic,
    Saline,
}

/// <summary>Whether a protocol draws one list, or one per segment group.</summary>
public enum Stratification
{
    None,
    SegmentGroup,
}

/// <summary>A stratum of the allocation list.</summary>
public enum Stratum
{
    /// <summary>The only stratum of an unstratified protocol.</summary>
    All,
    /// <summary>T10-T11 to L1-L2.</summary>
    ThoracolumbarJunction,
    /// <summary>L2-L3 to L5-S1.</summary>
    LowerLumbar,
}

/// <summary>The rules of a design: its arms, the agent each arm puts into each injection, its strata.</summary>
public static class ControlledDesigns
{
    /// <summary>The two arms of a design, in a fixed order.</summary>
    public static IReadOnlyList<AllocationArm> Arms(ControlledDesign design) => design switch
    {
        ControlledDesign.ComparativeOrder => [AllocationArm.ShortActingFirst, AllocationArm.LongActingFirst],
        ControlledDesign.PlaceboControlled => [AllocationArm.Anesthetic, AllocationArm.Saline],
        _ => throw new ArgumentOutOfRangeException(nameof(design), design, null),
    };

    /// <summary>The strata a protocol draws a list for.</summary>
    public static IReadOnlyList<Stratum> Strata(Stratification stratification) => stratification switch
    {
        Stratification.None => [Stratum.All],
        Stratification.SegmentGroup => [Stratum.ThoracolumbarJunction, Stratum.LowerLumbar],
        _ => throw new ArgumentOutOfRangeException(nameof(stratification), stratification, null),
    };

    /// <summary>
    /// The stratum of a block at these segments, or null when they fall outside the protocol's strata (a cervical or
    /// upper thoracic joint in a stratified protocol) or span both groups.
    /// </summary>
    public static Stratum? StratumOf(Stratification stratification, IReadOnlyCollection<SpinalSegment> segments)
    {
        if (segments.Count == 0)
        {
            return null;
        }
        if (stratification == Stratification.None)
        {
            return Stratum.All;
        }
        var groups = segments.Select(GroupOf).Distinct().ToList();
        return groups is [{ } only] ? only : null;
    }

    private static Stratum? GroupOf(SpinalSegment segment) =>
        segment.Order >= SpinalSegment.Parse("T10-T11").Order && segment.Order <= SpinalSegment.Parse("L1-L2").Order ? Stratum.ThoracolumbarJunction
        : segment.Order >= SpinalSegment.Parse("L2-L3").Order ? Stratum.LowerLumbar
        : null;

    /// <summary>The local anesthetics a placebo-controlled protocol may compare with saline, at their standard strengths (§3).</summary>
    public static IReadOnlyList<BlockAgent> PlaceboComparators { get; } = [BlockAgent.Lidocaine, BlockAgent.Bupivacaine];

    /// <summary>The strength a kit's agent is prepared at: lidocaine 2 %, bupivacaine 0.5 %; saline none.</summary>
    public static decimal? ConcentrationPercent(BlockAgent agent) => agent switch
    {
        BlockAgent.Lidocaine => 2m,
        BlockAgent.Bupivacaine => 0.5m,
        _ => null,
    };

    /// <summary>
    /// How many injections a kit holds: a comparative kit two (the first block and the confirmatory block), a
    /// placebo-controlled kit one (the confirmatory injection; the first block is open-label).
    /// </summary>
    public static int Doses(ControlledDesign design) => design == ControlledDesign.ComparativeOrder ? 2 : 1;

    /// <summary>
    /// The dose of a kit a block takes by its sequence, or null when a block of that sequence takes no kit of this design.
    /// </summary>
    public static int? DoseFor(ControlledDesign design, BlockSequence sequence) => (design, sequence) switch
    {
        (ControlledDesign.ComparativeOrder, BlockSequence.FirstOfComparativePair) => 1,
        (ControlledDesign.ComparativeOrder, BlockSequence.Confirmatory) => 2,
        (ControlledDesign.PlaceboControlled, BlockSequence.PlaceboControlled) => 1,
        _ => null,
    };

    /// <summary>The agent in dose <paramref name="dose"/> of a kit of <paramref name="arm"/>.</summary>
    public static BlockAgent AgentOf(AllocationArm arm, int dose, BlockAgent placeboComparator) => (arm, dose) switch
    {
        (AllocationArm.ShortActingFirst, 1) or (AllocationArm.LongActingFirst, 2) => BlockAgent.Lidocaine,
        (AllocationArm.ShortActingFirst, 2) or (AllocationArm.LongActingFirst, 1) => BlockAgent.Bupivacaine,
        (AllocationArm.Anesthetic, 1) => placeboComparator,
        (AllocationArm.Saline, 1) => BlockAgent.Saline,
        _ => throw new ArgumentOutOfRangeException(nameof(dose), dose, $"A kit of arm {arm} has no dose {dose}."),
    };

    /// <summary>The arm in words, for the preparer's list.</summary>
    public static string Describe(AllocationArm arm, BlockAgent placeboComparator) => arm switch
    {
        AllocationArm.ShortActingFirst => "lidocaine 2 % first, bupivacaine 0.5 % second",
        AllocationArm.LongActingFirst => "bupivacaine 0.5 % first, lidocaine 2 % second",
        AllocationArm.Anesthetic => $"{placeboComparator.ToString().ToLowerInvariant()} {ConcentrationPercent(placeboComparator):0.##} %",
        AllocationArm.Saline => "normal saline",
        _ => arm.ToString(),
    };

    public static string Describe(Stratum stratum) => stratum switch
    {
        Stratum.All => "all segments",
        Stratum.ThoracolumbarJunction => "thoracolumbar junction (T10-T11 to L1-L2)",
        Stratum.LowerLumbar => "lower lumbar (L2-L3 to L5-S1)",
        _ => stratum.ToString(),
    };
}
