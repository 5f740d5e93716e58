namespace ProcedureRegistry.Domain.Clinical;

/// <summary>A procedure reduced to what the partner-block rule needs; the segments are codes, e.g. "L4-L5".</summary>
public sealed record ProcedureAtSegments(
    int Id,
    int PatientId,
    bool IsDiagnosticBlock,
    bool IsVoided,
    DateTimeOffset PerformedAt,
    IReadOnlyCollection<string> Segments);

/// <summary>
/// Which block a confirmatory or placebo-controlled block may name as its partner (clinical-reference §3): an
/// earlier, not voided diagnostic block of the same patient that shares at least one segment with it.
/// </summary>
public static class PartnerBlockRules
{
    public const string NotABlockOfThePatient = "Partner block must be a (not voided) diagnostic block of the same patient.";
    public const string NotEarlier = "Partner block must have been performed before this one.";
    public const string NoSharedSegment = "Partner block must target at least one of the same segments.";

    /// <summary>
    /// Why <paramref name="partner"/> cannot be the partner of <paramref name="block"/>, or null when it can.
    /// A partner that was named but not found is passed as null.
    /// </summary>
    public static string? Check(ProcedureAtSegments block, ProcedureAtSegments? partner)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (partner is null || partner.Id == block.Id || partner.PatientId != block.PatientId || !partner.IsDiagnosticBlock || partner.IsVoided)
        {
            return NotABlockOfThePatient;
        }
        if (partner.PerformedAt >= block.PerformedAt)
        {
            return NotEarlier;
        }
        if (!partner.Segments.Any(block.Segments.Contains))
        {
            return NoSharedSegment;
        }
        return null;
    }
}
